"""Retention of residents' personal data (152-ФЗ): depersonalise what is past its period.

Each run writes through the owning apps' `depersonalise_*` actions, records what it did in the
ledger (`Erased`, so the next run skips it) and closes with an act of destruction. A run takes at
most `batch` rows of each kind; the worker comes back for the rest on its next pass.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from otklik.accounts.models import User
from otklik.answers.actions.retention import depersonalise_answers
from otklik.answers.masking import mask_personal
from otklik.inbox.actions import depersonalise_authors, depersonalise_messages
from otklik.incidents.actions import depersonalise_incidents
from otklik.meetings.actions.questions import depersonalise_questions
from otklik.notify.actions import depersonalise_notifications
from otklik.polls.actions.initiatives import depersonalise_initiatives
from otklik.privacy import criteria
from otklik.privacy.models import Erased, RetentionAct
from otklik.sources.actions import depersonalise_payloads

log = logging.getLogger(__name__)

Kind = Erased.Kind
#: The worker runs retention once a day, and again at once while an act left work behind.
EVERY = timedelta(days=1)
WORKER = "задача worker (otklik.privacy.actions.retention.retention_task)"


def _ledger(act: RetentionAct, kind: str, ids: list[int]) -> None:
    Erased.objects.bulk_create(
        [Erased(act=act, kind=kind, object_id=pk) for pk in ids],
        ignore_conflicts=True,
        batch_size=500,
    )


def _messages(act: RetentionAct, ids: list[int], counts: Counter[str]) -> None:
    """Messages, then their raw payloads and the authors left with nothing personal."""
    if not ids:
        return
    messages, photos = depersonalise_messages(ids, mask_personal)
    counts["messages"] += messages
    counts["photos"] += photos
    _ledger(act, Kind.MESSAGE, ids)
    payloads = criteria.payloads_of(ids)
    counts["payloads"] += depersonalise_payloads(payloads, mask_personal)
    _ledger(act, Kind.PAYLOAD, payloads)
    counts["authors"] += depersonalise_authors(criteria.authors_left_bare(ids))


def _incidents(act: RetentionAct, before: datetime, batch: int, counts: Counter[str]) -> None:
    ids = list(criteria.due_incidents(before).order_by("id").values_list("id", flat=True)[:batch])
    if not ids:
        return
    incidents, events = depersonalise_incidents(ids, mask_personal)
    counts["incidents"] += incidents
    counts["events"] += events
    counts["answers"] += depersonalise_answers(ids, mask_personal)
    counts["notifications"] += depersonalise_notifications(ids, mask_personal)
    _messages(act, criteria.messages_of(ids), counts)
    _ledger(act, Kind.INCIDENT, ids)


def _first(queryset: QuerySet[Any], batch: int) -> list[int]:
    return list(queryset.order_by("id").values_list("id", flat=True)[:batch])


def _the_rest(act: RetentionAct, before: datetime, batch: int, counts: Counter[str]) -> None:
    _messages(act, _first(criteria.due_unlinked_messages(before), batch), counts)
    payloads = _first(criteria.due_orphan_payloads(before), batch)
    counts["payloads"] += depersonalise_payloads(payloads, mask_personal)
    _ledger(act, Kind.PAYLOAD, payloads)
    questions = _first(criteria.due_questions(before), batch)
    counts["questions"] += depersonalise_questions(questions, mask_personal)
    _ledger(act, Kind.QUESTION, questions)
    initiatives = _first(criteria.due_initiatives(before), batch)
    counts["initiatives"] += depersonalise_initiatives(initiatives, mask_personal)
    _ledger(act, Kind.INITIATIVE, initiatives)


def run_retention(
    batch: int = 500,
    *,
    performed_by: str = WORKER,
    actor: User | None = None,
    now: datetime | None = None,
) -> RetentionAct | None:
    """One run: depersonalise up to `batch` rows of each kind and record the act. None when
    retention is off (OTKLIK_PD_RETENTION_DAYS=0)."""
    days = settings.PD_RETENTION_DAYS
    if days <= 0:
        return None
    now = now or timezone.now()
    before = criteria.cutoff(now, days)
    counts: Counter[str] = Counter()
    with transaction.atomic():
        act = RetentionAct.objects.create(
            started_at=now,
            actor=actor,
            performed_by=performed_by[:200],
            period_days=days,
            cutoff=before,
            criteria=criteria.CRITERIA,
        )
        _incidents(act, before, batch, counts)
        _the_rest(act, before, batch, counts)
        act.counts = dict(sorted(counts.items()))
        act.complete = not any(criteria.plan(before).values())
        act.finished_at = timezone.now()
        act.save(update_fields=["counts", "complete", "finished_at"])
    log.info("retention act %s: %s", act.pk, act.counts)
    return act


def retention_due(now: datetime) -> bool:
    last = RetentionAct.objects.order_by("-started_at", "-id").first()
    return last is None or not last.complete or last.started_at <= now - EVERY


def retention_task(batch: int) -> int:
    """The worker's daily task: a run when a day has passed (or the last left work behind)."""
    if settings.PD_RETENTION_DAYS <= 0 or not retention_due(timezone.now()):
        return 0
    act = run_retention(batch)
    return act.total if act is not None else 0
