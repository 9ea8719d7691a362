"""The working calendar against the official Russian production calendar (КонсультантПлюс).

Times are Asia/Tomsk (UTC+7, Seversk) unless a case says otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from otklik.worktime import (
    DEFAULT_OVERRIDES_PATH,
    Overrides,
    Schedule,
    WorkingCalendar,
    load_overrides,
    parse_overrides,
)

CAL = WorkingCalendar("Asia/Tomsk", overrides=load_overrides())
PACKAGE_ONLY = WorkingCalendar("Asia/Tomsk")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def intervals(cal: WorkingCalendar, day: str) -> str:
    return " ".join(
        f"{a:%H:%M}-{b:%H:%M}" for a, b in cal.working_intervals(date.fromisoformat(day))
    )


# (year, working days, hours at a 40-hour week): the official norms.
NORMS = [
    (2019, 247, 1970),
    (2020, 248, 1979),
    (2021, 247, 1972),
    (2022, 247, 1973),
    (2023, 247, 1973),
    (2024, 248, 1979),
    (2025, 247, 1972),
    (2026, 247, 1972),
]


@pytest.mark.parametrize(("year", "days", "hours"), NORMS)
def test_yearly_norms_match_the_production_calendar(year: int, days: int, hours: int) -> None:
    first = date(year, 1, 1)
    all_days = [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]
    worked = [d for d in all_days if PACKAGE_ONLY.is_working_day(d)]
    total = sum(_day_hours(PACKAGE_ONLY, d) for d in worked)
    assert (len(worked), total) == (days, hours)


def _day_hours(cal: WorkingCalendar, day: date) -> float:
    return sum((b - a) / timedelta(hours=1) for a, b in cal.working_intervals(day))


WORKING_DAYS = [
    # New Year holidays and Christmas, Jan 1–8.
    ("2025-01-01", False),
    ("2025-01-03", False),
    ("2025-01-07", False),
    ("2025-01-08", False),
    ("2025-01-09", True),
    ("2026-01-09", False),  # transferred from Saturday 2026-01-03
    # Working Saturdays, and the weekdays off they paid for.
    ("2024-12-28", True),
    ("2024-12-30", False),
    ("2024-12-31", False),
    ("2024-04-27", True),
    ("2024-04-29", False),
    ("2024-04-30", False),
    ("2024-05-10", False),
    ("2024-11-02", True),
    ("2025-11-01", True),
    ("2025-11-03", False),
    # Transferred days off, 2025.
    ("2025-05-02", False),
    ("2025-05-08", False),
    ("2025-06-13", False),
    ("2025-12-31", False),
    ("2025-03-10", True),  # Mar 8 fell on Saturday; its day off went to Jun 13
    # A holiday on a weekend moves to Monday.
    ("2020-02-24", False),
    ("2020-03-09", False),
    # Decree days from the override file.
    ("2020-03-30", False),
    ("2020-04-15", False),
    ("2020-05-06", False),
    ("2020-05-08", False),
    ("2020-05-12", True),
    ("2020-06-24", False),
    ("2020-07-01", False),
    ("2021-05-04", False),
    ("2021-11-02", False),
    # An ordinary week.
    ("2025-03-11", True),
    ("2025-03-15", False),
    ("2025-03-16", False),
]


@pytest.mark.parametrize(("day", "working"), WORKING_DAYS)
def test_is_working_day(day: str, working: bool) -> None:
    assert CAL.is_working_day(date.fromisoformat(day)) is working


INTERVALS = [
    ("2025-03-11", "09:00-13:00 14:00-18:00"),
    ("2025-03-07", "09:00-13:00 14:00-17:00"),  # before Mar 8
    ("2024-02-22", "09:00-13:00 14:00-17:00"),  # before Feb 23
    ("2025-04-30", "09:00-13:00 14:00-17:00"),  # before May 1
    ("2024-11-02", "09:00-13:00 14:00-17:00"),  # Saturday worked for Apr 30, a pre-holiday day
    ("2025-11-01", "09:00-13:00 14:00-17:00"),  # Saturday worked for Nov 3, a pre-holiday day
    ("2021-02-20", "09:00-13:00 14:00-17:00"),  # Saturday worked for Feb 22, a pre-holiday day
    ("2022-03-05", "09:00-13:00 14:00-17:00"),  # Saturday worked for Mar 7, a pre-holiday day
    ("2024-12-28", "09:00-13:00 14:00-18:00"),  # worked for Dec 30, not a pre-holiday day
    ("2024-04-27", "09:00-13:00 14:00-18:00"),  # worked for Apr 29, not a pre-holiday day
    ("2025-05-07", "09:00-13:00 14:00-18:00"),  # next day is a transferred day off, not a holiday
    ("2025-12-30", "09:00-13:00 14:00-18:00"),  # likewise
    ("2025-02-21", "09:00-13:00 14:00-18:00"),  # Friday before a Sunday holiday
    ("2025-01-08", ""),
    ("2020-04-30", ""),  # a pre-holiday day, but a decree made it non-working
]


@pytest.mark.parametrize(("day", "expected"), INTERVALS)
def test_working_intervals(day: str, expected: str) -> None:
    assert intervals(CAL, day) == expected


ADD_HOURS = [
    ("2025-03-11T09:00+07:00", 4, "2025-03-11T13:00+07:00"),  # ends at lunch, not after it
    ("2025-03-11T09:00+07:00", 0.5, "2025-03-11T09:30+07:00"),
    ("2025-03-11T12:00+07:00", 2, "2025-03-11T15:00+07:00"),  # lunch skipped
    ("2025-03-11T13:30+07:00", 1, "2025-03-11T15:00+07:00"),  # start in lunch
    ("2025-03-11T22:30+07:00", 2, "2025-03-12T11:00+07:00"),  # start at night
    ("2025-03-11T05:00+07:00", 1, "2025-03-11T10:00+07:00"),  # early morning
    ("2025-03-15T10:00+07:00", 3, "2025-03-17T12:00+07:00"),  # start on Saturday
    ("2025-03-15T10:00+07:00", 0, "2025-03-17T09:00+07:00"),  # zero: the next working moment
    ("2025-03-11T17:00+07:00", 8, "2025-03-12T17:00+07:00"),
    # Time zones: the same instant in UTC.
    ("2025-03-11T02:00+00:00", 4, "2025-03-11T13:00+07:00"),
    ("2025-03-10T23:00+00:00", 1, "2025-03-11T10:00+07:00"),  # 06:00 in Tomsk
    ("2025-03-11T10:30+00:00", 1, "2025-03-12T09:30+07:00"),  # 17:30 in Tomsk
    # Pre-holiday days close at 17:00.
    ("2025-03-07T15:30+07:00", 4, "2025-03-10T11:30+07:00"),
    ("2025-04-30T16:00+07:00", 1, "2025-04-30T17:00+07:00"),
    ("2025-04-30T16:00+07:00", 2, "2025-05-05T10:00+07:00"),
    ("2024-05-08T16:00+07:00", 2, "2024-05-13T10:00+07:00"),
    ("2025-05-07T17:00+07:00", 2, "2025-05-12T10:00+07:00"),
    # New Year and working Saturdays.
    ("2024-12-28T16:00+07:00", 4, "2025-01-09T11:00+07:00"),
    ("2024-04-26T17:00+07:00", 2, "2024-04-27T10:00+07:00"),
    ("2024-04-27T17:00+07:00", 2, "2024-05-02T10:00+07:00"),
    # The 2020 decree days.
    ("2020-03-27T17:00+07:00", 2, "2020-05-12T10:00+07:00"),
]


@pytest.mark.parametrize(("start", "hours", "expected"), ADD_HOURS)
def test_add_working_hours(start: str, hours: float, expected: str) -> None:
    due = CAL.add_working_hours(at(start), hours)
    assert due.isoformat(timespec="minutes") == expected


ADD_DAYS = [
    ("2025-03-11T10:15+07:00", 1, "2025-03-12T10:15+07:00"),
    ("2025-03-11T10:15+07:00", 7, "2025-03-20T10:15+07:00"),
    ("2025-03-11T18:30+07:00", 0, "2025-03-12T09:00+07:00"),
    ("2025-03-15T20:00+07:00", 1, "2025-03-18T09:00+07:00"),  # Saturday evening counts from Monday
    ("2025-03-06T17:30+07:00", 1, "2025-03-07T17:00+07:00"),  # a shortened day closes at 17:00
    ("2025-04-29T17:30+07:00", 1, "2025-04-30T17:00+07:00"),
    ("2024-12-27T11:00+07:00", 1, "2024-12-28T11:00+07:00"),  # the working Saturday
    ("2024-12-28T11:00+07:00", 1, "2025-01-09T11:00+07:00"),
    ("2025-04-28T09:00+07:00", 7, "2025-05-13T09:00+07:00"),  # May holidays 2025
    ("2020-03-27T11:00+07:00", 1, "2020-05-12T11:00+07:00"),  # the 2020 decree days
    ("2025-03-11T10:00+00:00", 1, "2025-03-12T17:00+07:00"),  # 17:00 in Tomsk
]


@pytest.mark.parametrize(("start", "days", "expected"), ADD_DAYS)
def test_add_working_days(start: str, days: int, expected: str) -> None:
    due = CAL.add_working_days(at(start), days)
    assert due.isoformat(timespec="minutes") == expected


BETWEEN = [
    ("2025-03-11T09:00+07:00", "2025-03-11T18:00+07:00", 8),
    ("2025-03-11T12:00+07:00", "2025-03-11T15:00+07:00", 2),
    ("2025-03-11T02:00+00:00", "2025-03-11T18:00+07:00", 8),  # a UTC start
    ("2025-03-07T09:00+07:00", "2025-03-10T09:00+07:00", 7),  # a shortened Friday
    ("2025-03-14T17:00+07:00", "2025-03-17T10:00+07:00", 2),
    ("2025-03-17T10:00+07:00", "2025-03-14T17:00+07:00", -2),  # overdue
    ("2025-03-15T01:00+07:00", "2025-03-16T23:00+07:00", 0),
    ("2025-03-11T10:00+07:00", "2025-03-11T10:00+07:00", 0),
    ("2024-12-28T09:00+07:00", "2025-01-09T09:00+07:00", 8),
    ("2025-12-30T09:00+07:00", "2026-01-12T09:00+07:00", 8),
    ("2020-03-27T09:00+07:00", "2020-05-13T09:00+07:00", 16),
]


@pytest.mark.parametrize(("a", "b", "hours"), BETWEEN)
def test_working_hours_between(a: str, b: str, hours: float) -> None:
    assert CAL.working_hours_between(at(a), at(b)) == pytest.approx(hours)


@pytest.mark.parametrize(
    ("start", "hours"),
    [
        ("2025-03-11T11:11+07:00", 3.25),
        ("2024-12-27T16:45+07:00", 20),
        ("2025-03-06T23:00+00:00", 9),
        ("2020-03-20T10:00+07:00", 100),
    ],
)
def test_hours_between_undoes_add_working_hours(start: str, hours: float) -> None:
    due = CAL.add_working_hours(at(start), hours)
    assert CAL.working_hours_between(at(start), due) == pytest.approx(hours)


def test_the_same_instant_gives_a_local_answer_in_each_city() -> None:
    start = at("2025-03-11T06:30+00:00")  # 09:30 in Moscow, 13:30 (lunch) in Tomsk
    moscow = WorkingCalendar("Europe/Moscow").add_working_hours(start, 1)
    assert moscow.isoformat(timespec="minutes") == "2025-03-11T10:30+03:00"
    assert CAL.add_working_hours(start, 1).isoformat(timespec="minutes") == "2025-03-11T15:00+07:00"


NAIVE = datetime(2025, 3, 11, 9)  # noqa: DTZ001 - the point of the test
NAIVE_CALLS: list[Callable[[], Any]] = [
    lambda: CAL.add_working_hours(NAIVE, 1),
    lambda: CAL.add_working_days(NAIVE, 1),
    lambda: CAL.next_working_moment(NAIVE),
    lambda: CAL.working_hours_between(NAIVE, at("2025-03-12T09:00+07:00")),
    lambda: CAL.working_hours_between(at("2025-03-12T09:00+07:00"), NAIVE),
    lambda: CAL.is_working_day(NAIVE),
]


@pytest.mark.parametrize("call", NAIVE_CALLS)
def test_naive_datetimes_are_refused(call: Callable[[], Any]) -> None:
    with pytest.raises(ValueError, match="naive"):
        call()


def test_negative_amounts_are_refused() -> None:
    with pytest.raises(ValueError):
        CAL.add_working_hours(at("2025-03-11T09:00+07:00"), -1)
    with pytest.raises(ValueError):
        CAL.add_working_days(at("2025-03-11T09:00+07:00"), -1)


# Overrides and schedules.


def test_every_shipped_override_has_a_source_and_adds_something() -> None:
    raw = json.loads(DEFAULT_OVERRIDES_PATH.read_text(encoding="utf-8"))
    for entry in raw["non_working"]:
        assert entry["source"].startswith("Указ")
        days = parse_overrides({"non_working": [entry]}).non_working
        assert any(PACKAGE_ONLY.is_working_day(d) for d in days), entry


OVERRIDE_CASES = [
    ({"working": ["2025-03-15"]}, "2025-03-15", "09:00-13:00 14:00-18:00"),
    ({"short": ["2025-03-11"]}, "2025-03-11", "09:00-13:00 14:00-17:00"),
    ({"non_working": [{"date": "2025-03-11", "until": "2025-03-12"}]}, "2025-03-12", ""),
    ({"working": ["2025-06-12"]}, "2025-06-11", "09:00-13:00 14:00-18:00"),  # no longer pre-holiday
    ({"working": ["2025-06-12"]}, "2025-06-12", "09:00-13:00 14:00-18:00"),
]


@pytest.mark.parametrize(("raw", "day", "expected"), OVERRIDE_CASES)
def test_overrides(raw: dict[str, Any], day: str, expected: str) -> None:
    cal = WorkingCalendar("Asia/Tomsk", overrides=parse_overrides(raw))
    assert intervals(cal, day) == expected


@pytest.mark.parametrize(
    "raw",
    [
        {"working": ["2025-03-11"], "non_working": ["2025-03-11"]},
        {"non_working": [{"date": "2025-03-12", "until": "2025-03-11"}]},
        {"short": ["11.03.2025"]},
    ],
)
def test_bad_overrides_fail_loudly(raw: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        parse_overrides(raw)


def test_a_broken_override_file_names_itself(tmp_path: Any) -> None:
    path = tmp_path / "overrides.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="overrides.json"):
        load_overrides(path)


SCHEDULES = [
    ({}, "2025-03-07", "09:00-13:00 14:00-17:00"),
    ({"start": "08:30", "end": "17:30", "lunch": ["12:30", "13:18"]}, "2025-03-11",
     "08:30-12:30 13:18-17:30"),
    ({"lunch": None}, "2025-03-11", "09:00-18:00"),
    ({"preholiday_short_hours": 0}, "2025-03-07", "09:00-13:00 14:00-18:00"),
    ({"preholiday_short_hours": 5}, "2025-03-07", "09:00-13:00"),
    ({"weekdays": ["mon", "tue", "wed", "thu", "fri", "sat"]}, "2025-03-15",
     "09:00-13:00 14:00-18:00"),
    ({"weekdays": [0, 1, 2, 3]}, "2025-03-14", ""),
    ({"weekdays": [0, 1, 2, 3]}, "2025-03-10", "09:00-13:00 14:00-18:00"),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "day", "expected"), SCHEDULES)
def test_schedule_from_the_city_file(raw: dict[str, Any], day: str, expected: str) -> None:
    cal = WorkingCalendar("Asia/Tomsk", schedule=Schedule.from_dict(raw))
    assert intervals(cal, day) == expected


@pytest.mark.parametrize(
    "raw",
    [
        {"start": "18:00", "end": "09:00"},
        {"lunch": ["08:00", "09:30"]},
        {"weekdays": ["someday"]},
        {"weekdays": [7]},
        {"hours": 8},
    ],
)
def test_bad_schedules_fail_loudly(raw: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Schedule.from_dict(raw)


def test_default_schedule() -> None:
    assert Schedule() == Schedule(frozenset({0, 1, 2, 3, 4}), time(9), time(18))


def test_a_calendar_with_no_working_time_says_so() -> None:
    never = Overrides(non_working=frozenset({date(2025, 3, 11)}))
    cal = WorkingCalendar("UTC", Schedule(weekdays=frozenset({1})), never)
    with pytest.raises(ValueError, match="Нет рабочего времени"):
        cal.add_working_hours(at("2025-03-11T00:00+00:00"), 1e6)
