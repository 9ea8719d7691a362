"""An incident's two clocks: first (intermediate) reply and final answer.

The working-calendar arithmetic lives in otklik.worktime; this module only picks the preset.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from otklik.cities.models import Category
from otklik.incidents.states import Priority

DEFAULT_FIRST_REPLY_HOURS = 4
DEFAULT_FINAL_ANSWER_DAYS = 7
URGENT_FIRST_REPLY_HOURS = 1


def compute_deadlines(
    category: Category | None, priority: str, start: datetime
) -> tuple[datetime, datetime]:
    first_hours = category.first_reply_hours if category else DEFAULT_FIRST_REPLY_HOURS
    final_days = category.final_answer_days if category else DEFAULT_FINAL_ANSWER_DAYS
    if priority in {Priority.HIGH, Priority.CRITICAL}:
        first_hours = min(first_hours, URGENT_FIRST_REPLY_HOURS)
    return start + timedelta(hours=first_hours), start + timedelta(days=final_days)
