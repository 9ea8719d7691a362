"""An incident's two clocks: the first (intermediate) reply and the final answer.

The presets follow the published rules of the regional ЦУР (incident management):
- first reply: 1 hour around the clock for a threat to life and health (critical priority),
  3 working hours for high priority, otherwise the category's first_reply_hours working hours (4);
- final answer: the category's final_answer_days working days (7).
A formal written appeal (59-FZ, art. 12) has 30 calendar days: FORMAL_APPEAL_DAYS.

Working time is the city's: its time zone (settings.TIME_ZONE), its "schedule" section in the city
file (keys weekdays, start, end, lunch, preholiday_short_hours; Mon–Fri 09:00–18:00, lunch
13:00–14:00 when absent) and the override file named by OTKLIK_CALENDAR_OVERRIDES (the shipped
otklik/worktime/overrides.json by default). The calendar is built once per process: restart the
processes after editing the override file. The arithmetic itself lives in otklik.worktime.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

from django.conf import settings

from otklik.cities.models import Category
from otklik.env import env_str
from otklik.incidents.states import Priority
from otklik.worktime import DEFAULT_OVERRIDES_PATH, Schedule, WorkingCalendar, load_overrides

DEFAULT_FIRST_REPLY_HOURS = 4  # working hours
HIGH_FIRST_REPLY_HOURS = 3  # working hours
CRITICAL_FIRST_REPLY_HOURS = 1  # calendar hours, 24/7
DEFAULT_FINAL_ANSWER_DAYS = 7  # working days
FORMAL_APPEAL_DAYS = 30  # calendar days, 59-FZ
OVERRIDES_ENV = "OTKLIK_CALENDAR_OVERRIDES"


def city_calendar() -> WorkingCalendar:
    """The working calendar of the configured city."""
    schedule = Schedule.from_dict(settings.CITY.raw.get("schedule") or {})
    overrides_path = env_str(OVERRIDES_ENV, str(DEFAULT_OVERRIDES_PATH))
    return _calendar(settings.TIME_ZONE, schedule, overrides_path)


@lru_cache(maxsize=8)
def _calendar(time_zone: str, schedule: Schedule, overrides_path: str) -> WorkingCalendar:
    return WorkingCalendar(time_zone, schedule, load_overrides(overrides_path))


def compute_deadlines(
    category: Category | None, priority: str, start: datetime
) -> tuple[datetime, datetime]:
    """(first reply due, final answer due) for an incident registered at `start` (aware)."""
    calendar = city_calendar()
    final_days = category.final_answer_days if category else DEFAULT_FINAL_ANSWER_DAYS
    first_due = first_reply_due(calendar, category, priority, start)
    return first_due, calendar.add_working_days(start, final_days)


def first_reply_due(
    calendar: WorkingCalendar, category: Category | None, priority: str, start: datetime
) -> datetime:
    if priority == Priority.CRITICAL:
        return start.astimezone(calendar.tz) + timedelta(hours=CRITICAL_FIRST_REPLY_HOURS)
    hours = category.first_reply_hours if category else DEFAULT_FIRST_REPLY_HOURS
    if priority == Priority.HIGH:
        hours = min(hours, HIGH_FIRST_REPLY_HOURS)
    return calendar.add_working_hours(start, hours)


def time_left(due: datetime, now: datetime, *, working_time: bool = True) -> timedelta:
    """Time until `due`, negative when overdue: working time by default, else calendar time
    (for the around-the-clock first reply of a critical incident)."""
    if not working_time:
        return due - now
    return timedelta(hours=city_calendar().working_hours_between(now, due))
