"""otklik triage accepted: the share of suggestions accepted without change, per week."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from otklik.command import OtklikCommand
from otklik.suggestions.accepted import FIELDS, LABELS, Cell, accepted_by_week, totals
from otklik.suggestions.models import ModelVersion


def cell_text(cell: Cell) -> str:
    if not cell.decided:
        return "—"
    return f"{cell.percent}% {cell.accepted}/{cell.decided}"


class Command(OtklikCommand):
    help = (
        "Доля подсказок автоматического разбора, принятых модераторами без изменений: по каждой "
        "версии модели, по неделям (ISO) и по полям. Рядом с долей — принято/решено; сообщения "
        "без решения не считаются. То же показано на странице /triage/models/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--weeks", type=int, default=8, help="сколько последних недель")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["weeks"] <= 104:
            raise CommandError("Число недель — от 1 до 104")
        found = accepted_by_week(options["weeks"])
        if not found:
            self.stdout.write("Подсказок за эти недели нет.")
            return
        versions = ModelVersion.objects.in_bulk([v for v in found if v is not None])
        width = 14
        header = "неделя".ljust(10) + "".join(LABELS[f].ljust(width) for f in FIELDS)
        for version_id, weeks in found.items():
            version = versions.get(version_id) if version_id is not None else None
            title = (
                f"версия от {version.label} ({version.version})" if version else "только правила"
            )
            self.stdout.write(f"Принято без изменений, {title}:")
            self.stdout.write(header)
            for week in weeks:
                line = "".join(cell_text(week.cells[f]).ljust(width) for f in FIELDS)
                self.stdout.write(week.label.ljust(10) + line)
            line = "".join(cell_text(c).ljust(width) for c in totals(weeks).values())
            self.stdout.write("итого".ljust(10) + line)
            self.stdout.write("")
