"""otklik sla due --start ISO (--working-hours N | --working-days N); otklik sla check DATE."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.management.base import CommandError, CommandParser

from otklik.command import OtklikCommand
from otklik.incidents.deadlines import city_calendar
from otklik.worktime import WorkingCalendar

WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")


class Command(OtklikCommand):
    help = (
        "Сроки по рабочему календарю города (праздники, переносы выходных, рабочие субботы, "
        "сокращённые предпраздничные дни, обед, часовой пояс города)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="due|check", title="действия"
        )
        due = actions.add_parser(
            "due",
            help="когда наступает срок",
            description="Напечатать момент срока в ISO 8601 со смещением часового пояса города.",
        )
        due.add_argument(
            "--start",
            required=True,
            help="начало отсчёта, например 2025-03-07T16:30 (время города) или 2025-03-07T09:30Z",
        )
        amount = due.add_mutually_exclusive_group(required=True)
        amount.add_argument("--working-hours", type=float, help="сколько рабочих часов")
        amount.add_argument("--working-days", type=int, help="сколько рабочих дней")
        check = actions.add_parser(
            "check",
            help="рабочий ли день и его рабочие часы",
            description="Сказать, рабочий ли это день, и перечислить его рабочие часы.",
        )
        check.add_argument("date", metavar="ДАТА", help="дата, например 2025-03-07")

    def handle(self, *args: Any, **options: Any) -> None:
        calendar = city_calendar()
        if options["action"] == "due":
            self.stdout.write(self.due(calendar, options).isoformat())
        else:
            self.stdout.write(describe(calendar, _date(options["date"])))

    def due(self, calendar: WorkingCalendar, options: dict[str, Any]) -> datetime:
        start = _moment(options["start"], calendar)
        try:
            if options["working_hours"] is not None:
                return calendar.add_working_hours(start, options["working_hours"])
            return calendar.add_working_days(start, options["working_days"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc


def describe(calendar: WorkingCalendar, day: date) -> str:
    head = f"{day.isoformat()} {WEEKDAYS[day.weekday()]}"
    intervals = calendar.working_intervals(day)
    if not intervals:
        reason = "праздник" if calendar.is_public_holiday(day) else "выходной"
        return f"{head}: нерабочий день ({reason})"
    hours = ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in intervals)
    kind = "рабочий день"
    if calendar.is_short_day(day):
        kind += ", предпраздничный (сокращённый)"
    return f"{head}: {kind}; {hours}"


def _moment(text: str, calendar: WorkingCalendar) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--start — не дата и время ISO 8601: {text!r}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=calendar.tz)  # read as the city's local time
    return moment


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Не дата (ГГГГ-ММ-ДД): {text!r}") from exc
