"""The reminders worker task: a day before the deadline, and once it has passed.

`remind_due` (registered in otklik.meetings.tasks) polls the stored, indexed `warn_at` and
`deadline`. Each reminder is claimed by a conditional UPDATE of `warned_at` or
`overdue_notified_at`, so of any number of workers one sends it, once; an extension clears both
and the new deadline is reminded of again.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from otklik.meetings import notices
from otklik.meetings.actions.events import record
from otklik.meetings.models import OPEN_STATES, Instruction, InstructionEvent

log = logging.getLogger(__name__)


def _open() -> QuerySet[Instruction]:
    return Instruction.objects.filter(state__in=OPEN_STATES).select_related(
        "department", "responsible"
    )


def due_for_warning(now: datetime, batch: int) -> list[Instruction]:
    qs = _open().filter(warned_at__isnull=True, warn_at__lte=now, deadline__gt=now)
    return list(qs.order_by("deadline", "id")[:batch])


def due_for_overdue(now: datetime, batch: int) -> list[Instruction]:
    qs = _open().filter(overdue_notified_at__isnull=True, deadline__lte=now)
    return list(qs.order_by("deadline", "id")[:batch])


def _claim(instruction: Instruction, field: str, now: datetime) -> bool:
    return bool(
        Instruction.objects.filter(
            pk=instruction.pk, deadline=instruction.deadline, **{f"{field}__isnull": True}
        ).update(**{field: now})
    )


def warn(instruction: Instruction, now: datetime) -> bool:
    with transaction.atomic():
        if not _claim(instruction, "warned_at", now):
            return False
        subject, text = notices.warning_text(instruction)
        record(instruction, InstructionEvent.Kind.REMINDED, None, subject, at=now)
    key = f"instruction:{instruction.pk}:warn:{instruction.deadline.isoformat()}"
    notices.send(notices.responsible(instruction), notices.WARNING_KIND, key, subject, text)
    return True


def mark_overdue(instruction: Instruction, now: datetime) -> bool:
    with transaction.atomic():
        if not _claim(instruction, "overdue_notified_at", now):
            return False
        subject, text = notices.overdue_text(instruction)
        record(instruction, InstructionEvent.Kind.REMINDED, None, subject, at=now)
    users = [*notices.responsible(instruction), *notices.press_service()]
    key = f"instruction:{instruction.pk}:overdue:{instruction.deadline.isoformat()}"
    notices.send(users, notices.OVERDUE_KIND, key, subject, text)
    return True


def remind_due(batch: int = 100, now: datetime | None = None) -> int:
    """Worker task: warn a working day before the deadline, then mark the overdue ones; returns
    how many reminders were sent."""
    now = now or timezone.now()
    done = sum(warn(i, now) for i in due_for_warning(now, batch))
    done += sum(mark_overdue(i, now) for i in due_for_overdue(now, batch))
    if done:
        log.info("instruction reminders sent: %s", done)
    return done
