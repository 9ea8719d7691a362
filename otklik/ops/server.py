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


def server_options() -> dict[str, Any]:
    return {
        "bind": f"{settings.WEB_HOST}:{settings.WEB_PORT}",
        "workers": settings.WEB_WORKERS,
        "threads": settings.WEB_THREADS,
        "timeout": 60,
        "accesslog": "-" if settings.WEB_ACCESS_LOG else None,
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
