"""otklik report --period 2026|2026-11|2026-W47 --format pdf|docx --out FILE."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from otklik.analytics.actions.rollups import update_rollups
from otklik.analytics.report_period import FORMAT_HINT, PeriodError, parse_period
from otklik.analytics.reports.build import FORMATS, STAGES, build_report
from otklik.command import OtklikCommand
from otklik.progress import bar


class Command(OtklikCommand):
    help = (
        "Отчёт пресс-службы за год, месяц или неделю в PDF или DOCX: страницы и подписчики, "
        "кампании, обращения жителей, встречи мэра и поручения, опросы, тексты пресс-службы."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period", required=True, metavar="ПЕРИОД", help=f"период: {FORMAT_HINT}"
        )
        parser.add_argument("--format", required=True, choices=sorted(FORMATS), help="формат файла")
        parser.add_argument("--out", required=True, metavar="ФАЙЛ", help="куда записать отчёт")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"Нет папки {str(out.parent)!r} для файла отчёта")
        catch_up()
        with bar(STAGES, "Отчёт") as advance:
            data = build_report(period, options["format"], advance)
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Не удалось записать {str(out)!r}: {exc.strerror}") from None
        self.stdout.write(f"Отчёт {period.for_label} записан в {out}: {len(data) // 1024 + 1} КБ")


CATCH_UP_PASSES = 100_000  # a bound, not a limit anyone meets: 500 changes a pass


def catch_up() -> None:
    """The report's figures come from the rollups the worker keeps: bring them up to date first,
    so a report made before the worker has run (a fresh import, a stopped worker) is whole. With
    the worker running this is one idle pass."""
    for _ in range(CATCH_UP_PASSES):
        if not update_rollups():
            return
