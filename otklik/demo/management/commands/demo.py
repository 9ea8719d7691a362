"""otklik demo: everything a first look needs, then the web server."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandParser
from django.utils.module_loading import import_string

from otklik.accounts.models import Role
from otklik.command import OtklikCommand
from otklik.demo.running import serve_demo
from otklik.demo.seed import seed
from otklik.ops.server import serve, server_options


class Command(OtklikCommand):
    help = (
        "Подготовить и запустить демо: создать или обновить базу, загрузить город "
        "(OTKLIK_CITY, по умолчанию Северск), демо-учётные записи, источники и год "
        "правдоподобных сообщений и инцидентов, затем запустить веб-сервер вместе с "
        "обработчиком и заменой VK и Telegram на свободном локальном порту, чтобы согласованные "
        "ответы действительно публиковались; Ctrl+C останавливает всё. Можно запускать повторно."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="только подготовить, не запускать"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Готовлю базу данных…")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("loadcity", verbosity=0)
        counts = seed()
        self.stdout.write(
            f"Демо-данные: новых сообщений {counts['messages_new']}, "
            f"новых инцидентов {counts['incidents_new']}"
        )
        for path in DEMO_STEPS:
            import_string(path)(self)
        bind = server_options()["bind"]
        self.stdout.write(self.banner(bind))
        self.stdout.flush()
        if not options["no_serve"]:
            serve_demo(serve, say=self.say)

    def say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()

    def banner(self, bind: str) -> str:
        from otklik.demo.seed import ACCOUNTS

        lines = [
            "",
            f"Отклик ({settings.CITY.name}) — демо готово: http://{bind}/",
            "Учётные записи (логин / пароль):",
        ]
        lines += [f"  {a.username:<8} / {a.password:<15} {Role(a.role).label}" for a in ACCOUNTS]
        lines.append("Остановить: Ctrl+C. Данные: " + str(settings.DATA_DIR))
        return "\n".join(lines)


# Later capabilities (e.g. training the triage models) add their set-up steps here.
DEMO_STEPS: list[Any] = [
    "otklik.demo.triage.demo_step",
    "otklik.demo.decisions_seed.demo_step",
    "otklik.demo.year_seed.demo_step",  # after the first model is trained on the corpus alone
    "otklik.demo.rollups.demo_step",  # last: the rollups see everything seeded before
]
