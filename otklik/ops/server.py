"""The production web server: gunicorn, configured from the environment."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from gunicorn.app.base import BaseApplication


class OtklikServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from otklik.wsgi import application

        return application


#: gunicorn's default line without the query string (%(r)s has it): OK's webhook carries its
#: secret as ?secret=…, and a query string may carry other tokens.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(f)s" "%(a)s"'


def server_options() -> dict[str, Any]:
    return {
        "bind": f"{settings.WEB_HOST}:{settings.WEB_PORT}",
        "workers": settings.WEB_WORKERS,
        "threads": settings.WEB_THREADS,
        "timeout": 60,
        "accesslog": "-" if settings.WEB_ACCESS_LOG else None,
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "loglevel": "warning",
    }


def prepare_static() -> None:
    call_command("collectstatic", interactive=False, verbosity=0)


def serve() -> None:
    prepare_static()
    OtklikServer(server_options()).run()


def url() -> str:
    return settings.SITE_URL
