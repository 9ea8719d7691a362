"""`otklik sla` and the incident deadlines, on Seversk's calendar (Asia/Tomsk, UTC+7)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from otklik.cities.models import Category
from otklik.incidents.deadlines import FORMAL_APPEAL_DAYS, compute_deadlines, time_left


@pytest.fixture(autouse=True)
def seversk(settings: Any) -> None:
    settings.TIME_ZONE = "Asia/Tomsk"


def sla(*args: str) -> str:
    out = StringIO()
    call_command("sla", *args, stdout=out)
    return out.getvalue().strip()


DUE = [
    ("2025-03-07T15:30", "--working-hours", "4", "2025-03-10T11:30:00+07:00"),  # short Friday
    ("2025-03-07T08:30:00Z", "--working-hours", "4", "2025-03-10T11:30:00+07:00"),  # UTC start
    ("2025-03-15", "--working-hours", "1", "2025-03-17T10:00:00+07:00"),  # Saturday midnight
    ("2025-03-11T12:30", "--working-hours", "1.5", "2025-03-11T15:00:00+07:00"),  # lunch
    ("2025-05-07T17:00", "--working-hours", "2", "2025-05-12T10:00:00+07:00"),
    ("2020-03-27T17:00", "--working-hours", "2", "2020-05-12T10:00:00+07:00"),  # decree days
    ("2024-12-27T11:00", "--working-days", "1", "2024-12-28T11:00:00+07:00"),  # working Saturday
    ("2024-12-28T11:00", "--working-days", "1", "2025-01-09T11:00:00+07:00"),  # New Year
    ("2024-04-26T10:00", "--working-days", "2", "2024-05-02T10:00:00+07:00"),
    ("2025-03-06T17:30", "--working-days", "1", "2025-03-07T17:00:00+07:00"),  # closes at 17:00
]


@pytest.mark.parametrize(("start", "option", "amount", "expected"), DUE)
def test_sla_due(start: str, option: str, amount: str, expected: str) -> None:
    assert sla("due", "--start", start, option, amount) == expected


CHECK = [
    ("2025-03-11", "2025-03-11 вторник: рабочий день; 09:00–13:00, 14:00–18:00"),
    (
        "2025-03-07",
        "2025-03-07 пятница: рабочий день, предпраздничный (сокращённый); 09:00–13:00, 14:00–17:00",
    ),
    ("2024-12-28", "2024-12-28 суббота: рабочий день; 09:00–13:00, 14:00–18:00"),
    ("2025-01-07", "2025-01-07 вторник: нерабочий день (праздник)"),
    ("2024-04-29", "2024-04-29 понедельник: нерабочий день (выходной)"),
    ("2025-05-08", "2025-05-08 четверг: нерабочий день (выходной)"),
    ("2020-04-15", "2020-04-15 среда: нерабочий день (выходной)"),
]


@pytest.mark.parametrize(("day", "expected"), CHECK)
def test_sla_check(day: str, expected: str) -> None:
    assert sla("check", day) == expected


@pytest.mark.parametrize(
    "args",
    [
        ("due", "--start", "yesterday", "--working-hours", "1"),
        ("due", "--start", "2025-03-11T09:00", "--working-hours", "-1"),
        ("check", "07.03.2025"),
    ],
)
def test_sla_refuses_bad_input_plainly(args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError):
        sla(*args)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


SLOW = Category(code="slow", name="Благоустройство", first_reply_hours=8, final_answer_days=3)
DEADLINES = [
    # (category, priority, start, first reply due, final answer due)
    (None, "normal", "2025-03-07T15:30+07:00", "2025-03-10T11:30+07:00", "2025-03-18T15:30+07:00"),
    (None, "low", "2025-03-07T15:30+07:00", "2025-03-10T11:30+07:00", "2025-03-18T15:30+07:00"),
    (None, "high", "2025-03-11T16:00+07:00", "2025-03-12T10:00+07:00", "2025-03-20T16:00+07:00"),
    (None, "critical", "2025-03-08T02:00+07:00", "2025-03-08T03:00+07:00",
     "2025-03-19T09:00+07:00"),
    (None, "normal", "2025-03-11T02:00+00:00", "2025-03-11T13:00+07:00", "2025-03-20T09:00+07:00"),
    (SLOW, "normal", "2025-04-29T10:00+07:00", "2025-04-30T10:00+07:00", "2025-05-06T10:00+07:00"),
    (SLOW, "high", "2025-04-29T10:00+07:00", "2025-04-29T13:00+07:00", "2025-05-06T10:00+07:00"),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("category", "priority", "start", "first", "final"), DEADLINES)
def test_compute_deadlines(
    category: Category | None, priority: str, start: str, first: str, final: str
) -> None:
    first_due, final_due = compute_deadlines(category, priority, at(start))
    assert first_due.isoformat(timespec="minutes") == first
    assert final_due.isoformat(timespec="minutes") == final


@pytest.mark.django_db
def test_the_override_file_comes_from_the_environment(settings: Any, tmp_path: Path) -> None:
    path = tmp_path / "calendar.json"
    path.write_text('{"non_working": [{"date": "2025-03-11", "source": "test"}]}')
    settings.CALENDAR_OVERRIDES = str(path)
    first_due, _ = compute_deadlines(None, "normal", at("2025-03-10T17:00+07:00"))
    assert first_due.isoformat(timespec="minutes") == "2025-03-12T12:00+07:00"


@pytest.mark.django_db
def test_the_schedule_comes_from_the_city_file(settings: Any) -> None:
    schedule = {"start": "08:00", "end": "17:00", "lunch": ["12:00", "12:45"]}
    raw = {**settings.CITY.raw, "schedule": schedule}
    settings.CITY = dataclasses.replace(settings.CITY, raw=raw)
    first_due, _ = compute_deadlines(None, "normal", at("2025-03-11T07:00+07:00"))
    assert first_due.isoformat(timespec="minutes") == "2025-03-11T12:00+07:00"
    first_due, _ = compute_deadlines(None, "normal", at("2025-03-11T09:00+07:00"))
    assert first_due.isoformat(timespec="minutes") == "2025-03-11T13:45+07:00"
    assert sla("check", "2025-03-07").endswith("08:00–12:00, 12:45–16:00")


TIME_LEFT = [
    ("2025-03-10T11:30+07:00", "2025-03-07T15:30+07:00", True, timedelta(hours=4)),
    ("2025-03-07T15:30+07:00", "2025-03-10T11:30+07:00", True, timedelta(hours=-4)),  # overdue
    ("2025-03-10T11:30+07:00", "2025-03-07T15:30+07:00", False, timedelta(hours=68)),
]


@pytest.mark.parametrize(("due", "now", "working", "expected"), TIME_LEFT)
def test_time_left(due: str, now: str, working: bool, expected: timedelta) -> None:
    assert time_left(at(due), at(now), working_time=working) == expected


def test_formal_appeal_days() -> None:
    assert FORMAL_APPEAL_DAYS == 30
