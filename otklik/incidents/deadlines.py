"""An incident's two clocks: the first (intermediate) reply and the final answer.

The presets follow the published rules of the regional ЦУР (incident management):
- first reply: 1 hour around the clock for a threat to life and health (critical priority),
  3 working hours for high priority, otherwise the category's first_reply_hours working hours (4);
- final answer: the category's final_answer_days working days (7).
A formal written appeal (59-FZ, art. 12) has 30 calendar days: FORMAL_APPEAL_DAYS.

The administrator edits these rules as DeadlinePreset rows (the city file ships them under
"deadline_presets"); the most specific preset wins: topic + priority, then group + priority, then
any category + priority. Without one, the category's own fields and the constants below apply.

Working time is the city's: its time zone (settings.TIME_ZONE), its "schedule" section in the city
file (keys weekdays, start, end, lunch, preholiday_short_hours; Mon–Fri 09:00–18:00, lunch
13:00–14:00 when absent) and the override file settings.CALENDAR_OVERRIDES names
(OTKLIK_CALENDAR_OVERRIDES; the shipped otklik/worktime/overrides.json when empty). The calendar
is built once per process: restart the processes after editing the override file. The
arithmetic itself lives in otklik.worktime.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db.models import Q

from otklik.cities.models import Category
from otklik.incidents.models import DeadlinePreset
from otklik.incidents.states import Priority
from otklik.worktime import DEFAULT_OVERRIDES_PATH, Schedule, WorkingCalendar, load_overrides

DEFAULT_FIRST_REPLY_HOURS = 4  # working hours
HIGH_FIRST_REPLY_HOURS = 3  # working hours
CRITICAL_FIRST_REPLY_HOURS = 1  # calendar hours, 24/7
DEFAULT_FINAL_ANSWER_DAYS = 7  # working days
FORMAL_APPEAL_DAYS = 30  # calendar days, 59-FZ


def city_calendar() -> WorkingCalendar:
    """The working calendar of the configured city."""
    schedule = Schedule.from_dict(settings.CITY.raw.get("schedule") or {})
    overrides_path = settings.CALENDAR_OVERRIDES or str(DEFAULT_OVERRIDES_PATH)
    return _calendar(settings.TIME_ZONE, schedule, overrides_path)


@lru_cache(maxsize=8)
def _calendar(time_zone: str, schedule: Schedule, overrides_path: str) -> WorkingCalendar:
    return WorkingCalendar(time_zone, schedule, load_overrides(overrides_path))


@dataclass(frozen=True)
class Deadlines:
    """Both clocks, how they count, and the rule that set them (for the incident's Event)."""

    first_reply_due: datetime
    final_answer_due: datetime
    first_reply_in_working_time: bool
    final_in_working_days: bool
    preset: DeadlinePreset | None
    formal_appeal: bool

    @property
    def rule(self) -> dict[str, Any]:
        """What the CREATED/UPDATED Event records: the preset's id and a Russian description."""
        if self.preset is not None:
            text = f"норматив «{self.preset}»"
        else:
            text = "сроки категории по умолчанию"
        if self.formal_appeal:
            text += f"; обращение по 59-ФЗ: окончательный ответ {FORMAL_APPEAL_DAYS} календ. дн."
        return {
            "preset": self.preset.pk if self.preset else None,
            "text": text,
            "note": self.preset.note if self.preset else "",
            "formal_appeal": self.formal_appeal,
            "first": self.first_reply_due.isoformat(),
            "final": self.final_answer_due.isoformat(),
        }


def find_preset(category: Category | None, priority: str) -> DeadlinePreset | None:
    """The most specific preset: the topic's, its group's, then the one for any category."""
    ids = [pk for pk in (category.pk, category.parent_id) if pk] if category else []
    presets = DeadlinePreset.objects.filter(
        Q(category_id__in=ids) | Q(category__isnull=True), priority=priority
    )
    found = {p.category_id: p for p in presets}
    for key in [*ids, None]:
        if key in found:
            return found[key]
    return None


def resolve_deadlines(
    category: Category | None, priority: str, start: datetime, *, formal_appeal: bool = False
) -> Deadlines:
    """Both clocks for an incident registered at `start` (aware), with the rule that set them."""
    calendar = city_calendar()
    preset = find_preset(category, priority)
    if preset is not None:
        first_working = preset.first_reply_in_working_time
        if first_working:
            first_due = calendar.add_working_hours(start, preset.first_reply_hours)
        else:
            first_due = _calendar_time(calendar, start, hours=preset.first_reply_hours)
        final_working = preset.final_in_working_days
        if final_working:
            final_due = calendar.add_working_days(start, preset.final_answer_days)
        else:
            final_due = _calendar_time(calendar, start, days=preset.final_answer_days)
    else:
        first_working = priority != Priority.CRITICAL
        first_due = first_reply_due(calendar, category, priority, start)
        final_working = True
        final_days = category.final_answer_days if category else DEFAULT_FINAL_ANSWER_DAYS
        final_due = calendar.add_working_days(start, final_days)
    if formal_appeal:
        final_working = False
        final_due = _calendar_time(calendar, start, days=FORMAL_APPEAL_DAYS)
    return Deadlines(first_due, final_due, first_working, final_working, preset, formal_appeal)


def compute_deadlines(
    category: Category | None, priority: str, start: datetime, *, formal_appeal: bool = False
) -> tuple[datetime, datetime]:
    """(first reply due, final answer due) for an incident registered at `start` (aware)."""
    found = resolve_deadlines(category, priority, start, formal_appeal=formal_appeal)
    return found.first_reply_due, found.final_answer_due


def _calendar_time(
    calendar: WorkingCalendar, start: datetime, *, hours: int = 0, days: int = 0
) -> datetime:
    """Around-the-clock time: days are wall-clock days in the city's zone (DST-safe)."""
    local = start.astimezone(calendar.tz)
    shifted = local.replace(tzinfo=None) + timedelta(days=days)
    return shifted.replace(tzinfo=calendar.tz) + timedelta(hours=hours)


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
