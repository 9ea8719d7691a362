"""The deadline worker: warn before an incident's clock runs out, escalate when it has.

`check_deadlines` is a worker task (registered in otklik.notify.tasks). For each of the two
clocks (first reply: Incident.first_reply_due until first_replied_at is set; final answer:
Incident.final_answer_due until the answer is published or the incident closed):

- level 0, warning: the due moment is within settings.DEADLINE_WARNING_HOURS
  (OTKLIK_DEADLINE_WARNING_HOURS, calendar hours, default 2) → the assignee, else the
  department's executors, else the press service;
- level 1, overdue: the due moment has passed → the department's heads (staff whose position
  contains «начальник» or «руководитель», or marked `is_department_head` in their notification
  preferences; the press service when the department has none or there is no department);
- level 2, escalation: settings.ESCALATION_HOURS (OTKLIK_ESCALATION_HOURS, calendar hours,
  default 4) after level 1 → the press service (moderators).

Each step is an Escalation row (written by otklik.notify.actions.claim_escalation), unique per
(incident, clock, level): creating it is the claim, so any number of workers send each step
once, and a step is not repeated (a deadline moved later is not warned about again) — until the
incident is reopened: reopening recomputes both clocks from that moment
(`Incident.reopened_at`), and a step taken before it counts as not taken, so the new deadlines
are warned about and escalated again (the claim re-arms the old row). Levels 1 and 2 also
record a comment Event in the incident's audit trail (through
otklik.incidents.actions.record_event).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from otklik.incidents.actions import record_event
from otklik.incidents.models import Event, Incident
from otklik.incidents.states import Status
from otklik.notify.actions import (
    claim_escalation,
    department_heads,
    notify_all,
    press_service,
    responsible_for,
)
from otklik.notify.models import Escalation, Notification
from otklik.notify.texts import local

log = logging.getLogger(__name__)

Clock = Escalation.Clock
Level = Escalation.Level

DUE_FIELD = {Clock.FIRST_REPLY: "first_reply_due", Clock.FINAL_ANSWER: "final_answer_due"}
CLOCK_NAME = {Clock.FIRST_REPLY: "первого ответа", Clock.FINAL_ANSWER: "окончательного ответа"}
KIND = {
    Level.WARNING: Notification.Kind.DEADLINE_WARNING,
    Level.HEAD: Notification.Kind.OVERDUE,
    Level.PRESS_SERVICE: Notification.Kind.ESCALATION,
}


def warning_window() -> timedelta:
    return timedelta(hours=settings.DEADLINE_WARNING_HOURS)


def escalation_grace() -> timedelta:
    return timedelta(hours=settings.ESCALATION_HOURS)


def running(clock: str) -> QuerySet[Incident]:
    """Incidents whose `clock` still runs."""
    qs = Incident.objects.exclude(status=Status.CLOSED).filter(
        **{f"{DUE_FIELD[clock]}__isnull": False}
    )
    if clock == Clock.FIRST_REPLY:
        return qs.filter(first_replied_at__isnull=True)
    return qs.exclude(status=Status.PUBLISHED)


def _steps(clock: str, level: int) -> QuerySet[Escalation]:
    return Escalation.objects.filter(incident=OuterRef("pk"), clock=clock, level=level)


def _taken(clock: str, level: int) -> Q:
    """The step was taken in the incident's current round: ever, or since its last reopening."""
    steps = _steps(clock, level)
    since_reopened = steps.filter(created_at__gte=OuterRef("reopened_at"))
    return (Q(reopened_at__isnull=True) & Exists(steps)) | (
        Q(reopened_at__isnull=False) & Exists(since_reopened)
    )


def candidates(clock: str, level: int, now: datetime, batch: int) -> list[Incident]:
    """Incidents due for `level` of `clock` at `now` that have not had it."""
    due = DUE_FIELD[clock]
    qs = running(clock).exclude(_taken(clock, level))
    if level == Level.WARNING:
        qs = qs.filter(Q(**{f"{due}__gt": now}) & Q(**{f"{due}__lte": now + warning_window()}))
    elif level == Level.HEAD:
        qs = qs.filter(**{f"{due}__lte": now})
    else:
        ripe = _steps(clock, Level.HEAD).filter(created_at__lte=now - escalation_grace())
        since_reopened = ripe.filter(created_at__gte=OuterRef("reopened_at"))
        qs = qs.filter(
            (Q(reopened_at__isnull=True) & Exists(ripe))
            | (Q(reopened_at__isnull=False) & Exists(since_reopened))
        )
    qs = qs.select_related("assignee", "department").order_by(due, "id")
    return list(qs[:batch])


def recipients(incident: Incident, level: int) -> list:
    if level == Level.WARNING:
        return responsible_for(incident)
    if level == Level.HEAD:
        return department_heads(incident.department) or press_service()
    return press_service()


def detail(incident: Incident, clock: str, level: int) -> str:
    due = local(getattr(incident, DUE_FIELD[clock]))
    name = CLOCK_NAME[clock]
    if level == Level.WARNING:
        return f"Срок {name} истекает {due}."
    if level == Level.HEAD:
        return f"Срок {name} истёк {due}. Эскалация руководителю подразделения."
    return f"Срок {name} истёк {due} и не соблюдён после эскалации. Эскалация в пресс-службу."


def record_escalation_event(incident: Incident, clock: str, level: int, now: datetime) -> Event:
    """The escalation in the incident's audit trail (a system comment, no actor)."""
    return record_event(
        incident,
        None,
        Event.Kind.COMMENTED,
        detail(incident, clock, level),
        at=now,
        escalation=level,
        clock=clock,
    )


def escalate(incident: Incident, clock: str, level: int, now: datetime) -> bool:
    """Claim and carry out one step; False when another worker had it already."""
    try:
        with transaction.atomic():
            claim_escalation(incident, clock, level, getattr(incident, DUE_FIELD[clock]), now)
            if level != Level.WARNING:
                record_escalation_event(incident, clock, level, now)
            notify_all(
                recipients(incident, level),
                KIND[level],
                incident,
                dedupe_key(incident, clock, level),
                detail=detail(incident, clock, level),
                now=now,
            )
    except IntegrityError:
        return False
    log.info("incident %s: %s level %s", incident.pk, clock, level)
    return True


def dedupe_key(incident: Incident, clock: str, level: int) -> str:
    """One notification per step and round: a reopened incident's steps are new ones."""
    key = f"sla:{incident.pk}:{clock}:{level}"
    if incident.reopened_at is not None:
        key += f":r{int(incident.reopened_at.timestamp())}"
    return key


def check_deadlines(batch: int = 100, now: datetime | None = None) -> int:
    """Worker task: warn and escalate what is due at `now`; returns the steps taken."""
    now = now or timezone.now()
    done = 0
    for clock in (Clock.FIRST_REPLY, Clock.FINAL_ANSWER):
        for level in (Level.WARNING, Level.HEAD, Level.PRESS_SERVICE):
            for incident in candidates(clock, level, now, batch):
                done += escalate(incident, clock, level, now)
    return done
