"""A report's period: a year (`2026`), a month (`2026-11`) or an ISO week (`2026-W47`).

Its edges are midnights in the city's time zone (settings.TIME_ZONE), kept as aware datetimes
in UTC: `start` is in the period, `end` is not. A bad key raises PeriodError with a Russian
message, which the command line prints and the pages answer with 404.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

YEAR, MONTH, WEEK = "year", "month", "week"
PATTERN = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})|-W(?P<week>\d{2}))?")
MONTHS = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
FORMAT_HINT = "ГГГГ (2026), ГГГГ-ММ (2026-11) или ГГГГ-Wнн (2026-W47)"


class PeriodError(ValueError):
    """A period key that is not a year, a month or an ISO week; the message is Russian."""


@dataclass(frozen=True)
class Period:
    kind: str  # YEAR, MONTH or WEEK
    key: str  # "2026", "2026-11", "2026-W47"
    first_day: date  # the first day, city time
    last_day: date  # the last day, included
    start: datetime  # aware, UTC: the first day's midnight in the city
    end: datetime  # aware, UTC: the midnight after the last day

    @property
    def label(self) -> str:
        """«2026 год», «ноябрь 2026 года», «47-я неделя (16–22 ноября 2026 года)»."""
        if self.kind == YEAR:
            return f"{self.first_day.year} год"
        if self.kind == MONTH:
            return f"{MONTHS[self.first_day.month - 1]} {self.first_day.year} года"
        return f"{self.first_day.isocalendar().week}-я неделя ({self.days_text})"

    @property
    def for_label(self) -> str:
        """After «отчёт»: «за 2026 год», «за ноябрь 2026 года», «за 47-ю неделю (…)»."""
        if self.kind == WEEK:
            return f"за {self.first_day.isocalendar().week}-ю неделю ({self.days_text})"
        return f"за {self.label}"

    @property
    def days_text(self) -> str:
        a, b = self.first_day, self.last_day
        end = f"{b.day} {MONTHS_GENITIVE[b.month - 1]} {b.year} года"
        if a.month == b.month:
            return f"{a.day}–{end}"
        if a.year == b.year:
            return f"{a.day} {MONTHS_GENITIVE[a.month - 1]} – {end}"
        return f"{a.day} {MONTHS_GENITIVE[a.month - 1]} {a.year} года – {end}"

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


def parse_period(text: str) -> Period:
    """`2026`, `2026-11` or `2026-W47` → Period; anything else → PeriodError (Russian)."""
    match = PATTERN.fullmatch((text or "").strip())
    if match is None:
        raise PeriodError(f"Неверный период {text!r}: нужен {FORMAT_HINT}")
    year = int(match["year"])
    if not 2000 <= year <= 2100:
        raise PeriodError(f"Неверный год {year}: нужен год с 2000 по 2100")
    if match["month"]:
        return _month(text, year, int(match["month"]))
    if match["week"]:
        return _week(text, year, int(match["week"]))
    return _build(YEAR, str(year), date(year, 1, 1), date(year, 12, 31))


def _month(text: str, year: int, month: int) -> Period:
    if not 1 <= month <= 12:
        raise PeriodError(f"Неверный месяц в {text!r}: месяц от 01 до 12")
    following = date(year + month // 12, month % 12 + 1, 1)
    return _build(MONTH, f"{year}-{month:02d}", date(year, month, 1), following - timedelta(1))


def _week(text: str, year: int, week: int) -> Period:
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        weeks = date(year, 12, 28).isocalendar().week
        raise PeriodError(
            f"Неверная неделя в {text!r}: в {year} году недели с W01 по W{weeks:02d}"
        ) from None
    return _build(WEEK, f"{year}-W{week:02d}", monday, monday + timedelta(6))


def _build(kind: str, key: str, first: date, last: date) -> Period:
    return Period(kind, key, first, last, _midnight(first), _midnight(last + timedelta(1)))


def _midnight(day: date) -> datetime:
    local = datetime.combine(day, time(0), tzinfo=ZoneInfo(settings.TIME_ZONE))
    return local.astimezone(UTC)


def period_of(kind: str, day: date) -> Period:
    """The period of `kind` that holds `day` (a city date)."""
    if kind == YEAR:
        return parse_period(str(day.year))
    if kind == MONTH:
        return parse_period(f"{day.year}-{day.month:02d}")
    iso = day.isocalendar()
    return parse_period(f"{iso.year}-W{iso.week:02d}")


def recent_periods(today: date) -> list[Period]:
    """The periods a press officer reports on now: the current and previous week, month and
    year, most recent first within each kind."""
    weeks = [period_of(WEEK, today - timedelta(days=7 * n)) for n in range(4)]
    months = [period_of(MONTH, date(today.year, today.month, 1))]
    for _ in range(2):
        months.append(period_of(MONTH, months[-1].first_day - timedelta(1)))
    years = [period_of(YEAR, today), period_of(YEAR, date(today.year - 1, 1, 1))]
    return [*weeks, *months, *years]
