"""Working time on the Russian production calendar: pure Python, no Django.

from otklik.worktime import WorkingCalendar, load_overrides
cal = WorkingCalendar("Asia/Tomsk", overrides=load_overrides())
cal.add_working_hours(start, 4); cal.add_working_days(start, 7)
cal.working_hours_between(now, due)
"""

from otklik.worktime.calendar import WorkingCalendar
from otklik.worktime.overrides import (
    DEFAULT_OVERRIDES_PATH,
    Overrides,
    load_overrides,
    parse_overrides,
)
from otklik.worktime.schedule import Schedule

__all__ = [
    "DEFAULT_OVERRIDES_PATH",
    "Overrides",
    "Schedule",
    "WorkingCalendar",
    "load_overrides",
    "parse_overrides",
]
