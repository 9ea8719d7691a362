"""otklik analytics rebuild [--since DATE]: recompute the dashboards' rollups."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser

from otklik.analytics.actions.rollups import rebuild
from otklik.command import OtklikCommand


class Command(OtklikCommand):
    help = (
        "Сводки для панелей аналитики. `rebuild`: пересчитать сводки по инцидентам и сообщениям "
        "(все или с даты --since); обработчик дальше обновляет их сам."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="rebuild")
        build = actions.add_parser(
            "rebuild",
            help="пересчитать сводки",
            description="Пересчитать сводки заново. Повторный запуск даёт те же строки.",
        )
        build.add_argument("--since", help="с какого дня (ГГГГ-ММ-ДД); без него — всё")

    def handle(self, *args: Any, **options: Any) -> None:
        since = _date(options["since"]) if options.get("since") else None
        done = rebuild(since)
        self.stdout.write(
            f"Сводки пересчитаны: инцидентов {done['incidents']}, дней {done['days']}, "
            f"строк сводок {done['rows']}"
        )


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Дата в виде ГГГГ-ММ-ДД, а не {text!r}") from exc
