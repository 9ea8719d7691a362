"""otklik serve: the web server (gunicorn) on $OTKLIK_HOST:$OTKLIK_PORT."""

from __future__ import annotations

from typing import Any

from otklik.command import OtklikCommand
from otklik.ops.server import serve, server_options


class Command(OtklikCommand):
    help = (
        "Run the web server (gunicorn, production-grade) on OTKLIK_HOST:OTKLIK_PORT "
        "(default 127.0.0.1:8000). Run `otklik worker` beside it to process incoming messages."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Отклик слушает http://{server_options()['bind']}/")
        self.stdout.flush()
        serve()
