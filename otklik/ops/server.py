"""The production web server: gunicorn, configured from the environment."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from gunicorn.app.base import BaseApplication

from otklik.env import env_int, env_str


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
    host = env_str("OTKLIK_HOST", "127.0.0.1")
    port = env_int("OTKLIK_PORT", 8000)
    return {
        "bind": f"{host}:{port}",
        "workers": env_int("OTKLIK_WEB_WORKERS", 2),
        "threads": env_int("OTKLIK_WEB_THREADS", 4),
        "timeout": 60,
        "accesslog": "-" if env_str("OTKLIK_ACCESS_LOG", "") == "1" else None,
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
