"""Time left on an incident's two clocks, in the units the clock counts: «осталось 5 раб. ч»,
«просрочено на 2 раб. дня», «осталось 40 мин» (around the clock), «осталось 12 дн.».

Working time comes from the city's calendar, built once per process (deadlines.time_left);
no query is made, so a list computes it per row without N+1.
"""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

from otklik.incidents.deadlines import time_left
from otklik.incidents.models import Incident

register = template.Library()

WORKING_DAY_HOURS = 8  # a full working day of the default schedule, for «раб. дн.»


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural: 1 день, 2 дня, 5 дней, 21 день, 11 дней."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def _amount(hours: float, working: bool) -> str:
    minutes = round(abs(hours) * 60)
    day_hours = WORKING_DAY_HOURS if working else 24
    prefix = "раб. " if working else ""
    if minutes < 60:
        return f"{minutes} {prefix}мин" if minutes else ""
    whole_hours = minutes // 60
    if whole_hours < day_hours:
        return f"{whole_hours} {prefix}ч"
    days = whole_hours // day_hours
    return f"{days} {prefix}{plural(days, 'день', 'дня', 'дней')}"


def clock_left(due: datetime | None, working: bool, now: datetime | None = None) -> str:
    """«осталось …» or «просрочено на …»; empty without a deadline."""
    if due is None:
        return ""
    now = now or timezone.now()
    hours = time_left(due, now, working_time=working).total_seconds() / 3600
    amount = _amount(hours, working)
    if due <= now:
        return f"просрочено на {amount}" if amount else "просрочено"
    return f"осталось {amount}" if amount else "срок истекает"


@register.filter
def first_reply_left(incident: Incident) -> str:
    if not incident.is_open or incident.first_replied_at:
        return ""
    return clock_left(incident.first_reply_due, incident.first_reply_in_working_time)


@register.filter
def final_left(incident: Incident) -> str:
    if not incident.is_open:
        return ""
    return clock_left(incident.final_answer_due, incident.final_in_working_days)
