"""otklik serve: the web server (gunicorn) on $OTKLIK_HOST:$OTKLIK_PORT."""

from __future__ import annotations

from typing import Any

from otklik.command import OtklikCommand
from otklik.ops.server import serve, server_options


class Command(OtklikCommand):
    help = (
        "Запустить веб-сервер (gunicorn, для работы) на OTKLIK_HOST:OTKLIK_PORT "
        "(по умолчанию 127.0.0.1:8000). Рядом запустите `otklik worker`, чтобы обрабатывать "
        "входящие сообщения."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Отклик слушает http://{server_options()['bind']}/")
        self.stdout.flush()
        serve()
