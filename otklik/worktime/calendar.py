"""The Russian working calendar of one city, and arithmetic in working time.

Which days are worked comes from the `holidays` package (country RU): the public holidays of the
Labour Code (art. 112), the days off transferred by the government's yearly decree, the days off
that follow a holiday falling on a weekend, and the working Saturdays. An Overrides file adds the
decree days the package lacks. A working day immediately before a public holiday is shortened
(art. 95), and so is a working Saturday that took the place of such a day (2024-11-02, 2025-11-01).

Every moment in and out is an aware datetime; results are in the city's time zone. Working time is
a half-open interval: a day 09:00–18:00 ends at 18:00, and 18:00 itself is outside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from otklik.worktime.overrides import Overrides
from otklik.worktime.schedule import Schedule

Interval = tuple[datetime, datetime]
# How far ahead to look for working time before deciding the calendar has none.
SEARCH_LIMIT_DAYS = 3660
# The package's labels are read to tell a holiday from a transferred day off: pin their language.
LABEL_LANGUAGE = "en_US"


@dataclass(frozen=True)
class YearFacts:
    """One year of the production calendar, as the `holidays` package knows it."""

    days_off: frozenset[date]  # public holidays, transferred and observed days off
    public_holidays: frozenset[date]  # the art. 112 holidays themselves (Jan 1–8, Feb 23 …)
    working_weekends: frozenset[date]  # Saturdays worked in exchange for a day off
    swaps: dict[date, date] = field(default_factory=dict)  # working weekend day -> its day off


def year_facts(year: int) -> YearFacts:
    full = holidays.country_holidays("RU", years=year, language=LABEL_LANGUAGE)
    plain = holidays.country_holidays("RU", years=year, observed=False, language=LABEL_LANGUAGE)
    label = full.tr(full.substituted_label)
    date_format = full.tr(full.substituted_date_format)
    transferred = label.split("%s")[0]
    public = {
        day
        for day, names in plain.items()
        if any(not name.startswith(transferred) for name in names.split("; "))
    }
    swaps = {
        worked: day_off
        for worked in full.weekend_workdays
        for day_off, names in full.items()
        if label % worked.strftime(date_format) in names.split("; ")
    }
    return YearFacts(
        days_off=frozenset(full),
        public_holidays=frozenset(public),
        working_weekends=frozenset(full.weekend_workdays),
        swaps=swaps,
    )


class WorkingCalendar:
    def __init__(
        self,
        time_zone: str,
        schedule: Schedule | None = None,
        overrides: Overrides | None = None,
    ) -> None:
        self.tz = ZoneInfo(time_zone)
        self.schedule = schedule or Schedule()
        self.overrides = overrides or Overrides()
        self._years: dict[int, YearFacts] = {}

    # Days.

    def is_working_day(self, day: date) -> bool:
        day = self._as_date(day)
        if day in self.overrides.working:
            return True
        if day in self.overrides.non_working:
            return False
        facts = self._facts(day.year)
        if day in facts.days_off:
            return False
        return day in facts.working_weekends or day.weekday() in self.schedule.weekdays

    def is_public_holiday(self, day: date) -> bool:
        day = self._as_date(day)
        return day in self._facts(day.year).public_holidays and day not in self.overrides.working

    def is_short_day(self, day: date) -> bool:
        """A pre-holiday working day: the next day is a public holiday, or this is a working
        Saturday swapped for such a day; or the override file says so."""
        day = self._as_date(day)
        if not self.is_working_day(day):
            return False
        if day in self.overrides.short or self.is_public_holiday(day + timedelta(days=1)):
            return True
        swapped = self._facts(day.year).swaps.get(day)
        return swapped is not None and self.is_public_holiday(swapped + timedelta(days=1))

    def working_intervals(self, day: date) -> list[Interval]:
        """The day's working time in local time: [(09:00, 13:00), (14:00, 18:00)] by default."""
        day = self._as_date(day)
        if not self.is_working_day(day):
            return []
        s = self.schedule
        close = self._at(day, s.end)
        if self.is_short_day(day):
            close -= timedelta(hours=s.preholiday_short_hours)
        pieces = [(s.start, s.lunch[0]), (s.lunch[1], s.end)] if s.lunch else [(s.start, s.end)]
        intervals = [(self._at(day, a), min(self._at(day, b), close)) for a, b in pieces]
        return [(a, b) for a, b in intervals if a < b]

    # Moments.

    def next_working_moment(self, moment: datetime) -> datetime:
        """The moment itself when it is working time, else the start of the next interval."""
        return next(self._intervals_from(moment))[0]

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The moment when `hours` of working time have passed since `start`.

        Time runs only inside working intervals; a start outside them begins at the next working
        moment. A deadline that uses up an interval exactly ends at its end (13:00, not 14:00).
        """
        if hours < 0:
            raise ValueError(f"число часов не может быть отрицательным: {hours}")
        remaining = timedelta(hours=hours)
        for begin, end in self._intervals_from(start):
            span = _span(begin, end)
            if remaining <= span:
                return self._shift(begin, remaining)
            remaining -= span
        raise AssertionError("unreachable: _intervals_from raises when it runs out")

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The same local time `days` working days later (FixMyStreet-like).

        The start first moves to the next working moment (Saturday 20:00 becomes Monday 09:00).
        The result is that moment's local time on the `days`-th following working day, or the end
        of that day's working time when the day closes earlier (a shortened pre-holiday day).
        With days=0 the result is the next working moment itself.
        """
        if days < 0:
            raise ValueError(f"число дней не может быть отрицательным: {days}")
        begin = self.next_working_moment(start)
        day = begin.date()
        for _ in range(days):
            day = self._next_working_day(day)
        close = self.working_intervals(day)[-1][1]
        return min(self._at(day, begin.time()), close)

    def working_hours_between(self, a: datetime, b: datetime) -> float:
        """Hours of working time from a to b; negative when b is before a (an overdue deadline)."""
        _require_aware(a)
        _require_aware(b)
        if b < a:
            return -self.working_hours_between(b, a)
        total = timedelta()
        last_day = b.astimezone(self.tz).date()
        for begin, end in self._intervals_from(a, last_day):
            if begin >= b:
                break
            total += _span(begin, min(end, b))
        return total / timedelta(hours=1)

    # Helpers.

    def _facts(self, year: int) -> YearFacts:
        if year not in self._years:
            self._years[year] = year_facts(year)
        return self._years[year]

    def _as_date(self, day: date) -> date:
        if isinstance(day, datetime):
            return _require_aware(day).astimezone(self.tz).date()
        return day

    def _at(self, day: date, wall: time) -> datetime:
        return datetime.combine(day, wall, tzinfo=self.tz)

    def _shift(self, moment: datetime, delta: timedelta) -> datetime:
        return (moment.astimezone(UTC) + delta).astimezone(self.tz)

    def _next_working_day(self, day: date) -> date:
        for candidate in self._days_from(day + timedelta(days=1)):
            if self.working_intervals(candidate):
                return candidate
        raise AssertionError("unreachable: _days_from raises when it runs out")

    def _days_from(self, day: date, last: date | None = None) -> Iterator[date]:
        for offset in range(SEARCH_LIMIT_DAYS):
            current = day + timedelta(days=offset)
            if last is not None and current > last:
                return
            yield current
        if last is None:
            raise ValueError(f"Нет рабочего времени в течение {SEARCH_LIMIT_DAYS} дней после {day}")

    def _intervals_from(self, moment: datetime, last: date | None = None) -> Iterator[Interval]:
        """Working intervals from `moment` on, the first one cut to start at `moment`."""
        moment = _require_aware(moment).astimezone(self.tz)
        for day in self._days_from(moment.date(), last):
            for begin, end in self.working_intervals(day):
                if end > moment:
                    yield max(begin, moment), end


def _require_aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"Время без часового пояса (naive datetime): {moment.isoformat()}")
    return moment


def _span(a: datetime, b: datetime) -> timedelta:
    return b.astimezone(UTC) - a.astimezone(UTC)
