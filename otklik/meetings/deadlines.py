"""An instruction's deadline on the city's working calendar (the one incidents use).

The deadline is the end of the working day of the due date, in the city's time zone: 18:00, or
17:00 on a shortened pre-holiday day. The due date is given, or counted as N working days after
the day of issue (an instruction issued after hours counts from the next working day). A due
date that falls on a day off moves to the next working day (Civil Code, art. 193). The reminder
goes out at the start of the working day before the due date.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError

from otklik.incidents.deadlines import city_calendar

MAX_WORKING_DAYS = 366
LOOK_BACK_DAYS = 60


def end_of_working_day(day: date) -> datetime:
    """The end of the working day `day`, or of the next working day when `day` is a day off."""
    calendar = city_calendar()
    first = calendar.next_working_moment(datetime.combine(day, time(0), tzinfo=calendar.tz))
    return calendar.working_intervals(first.date())[-1][1]


def deadline_for(
    start: datetime, *, due: date | None = None, working_days: int | None = None
) -> datetime:
    """The deadline of an instruction issued at `start` (aware): by date or in working days."""
    if (due is None) == (working_days is None):
        raise ValidationError("Укажите срок: дату или число рабочих дней (что-то одно)")
    calendar = city_calendar()
    if working_days is not None:
        if not 1 <= working_days <= MAX_WORKING_DAYS:
            raise ValidationError(f"Число рабочих дней — от 1 до {MAX_WORKING_DAYS}")
        day = calendar.add_working_days(start, working_days).date()
        return end_of_working_day(day)
    assert due is not None
    if due < start.astimezone(calendar.tz).date():
        raise ValidationError("Срок не может быть в прошлом")
    return end_of_working_day(due)


def warn_moment(deadline: datetime) -> datetime:
    """The start of the working day before the deadline's day (the reminder)."""
    calendar = city_calendar()
    due_day = deadline.astimezone(calendar.tz).date()
    for back in range(1, LOOK_BACK_DAYS):
        intervals = calendar.working_intervals(due_day - timedelta(days=back))
        if intervals:
            return intervals[0][0]
    return calendar.working_intervals(due_day)[0][0]
