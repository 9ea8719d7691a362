"""The only writers of suggestions, triage claims and corrections; the worker's triage task."""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from otklik.accounts.actions import system_user
from otklik.accounts.models import User
from otklik.cities.models import Category, Department
from otklik.inbox.actions import territory_lookup
from otklik.inbox.models import Message
from otklik.incidents import actions as incident_actions
from otklik.incidents.models import Incident
from otklik.incidents.states import OPEN_STATUSES, Priority
from otklik.sources.actions import lease_length, worker_id
from otklik.suggestions.duplicates import (
    ATTRS,
    UPDATED,
    Values,
    apply,
    corrected_values,
    duplicates_of,
    untouched,
)
from otklik.suggestions.engine import active_version, pipeline_for
from otklik.suggestions.models import (
    Correction,
    ModelVersion,
    Suggestion,
    TriageClaim,
    TriageSettings,
)
from otklik.triage.actionable import ACTIONABLE
from otklik.triage.pipeline import TriageResult

log = logging.getLogger(__name__)

BOT_USERNAME = "otklik-bot"
DEDUPE_WINDOW = timedelta(days=3)
PRIORITIES = set(Priority.values)


def bot_user() -> User:
    """The system actor for automatic routing: every automatic action is an Event by it."""
    return system_user(BOT_USERNAME, "Автоматический разбор")


def _meta(message: Message) -> dict[str, Any]:
    return {
        "id": message.pk,
        "created_at": message.created_at.isoformat(),
        "likes": message.likes,
        "reposts": message.reposts,
        "replies": message.replies,
        "territory": message.territory.code if message.territory else "",
    }


def _top(pairs: Sequence[Sequence[Any]]) -> list[list[Any]]:
    return [[str(label), round(float(p), 4)] for label, p in pairs]


class Lookups:
    """Codes the models speak → database ids, read once per batch."""

    def __init__(self) -> None:
        self.categories = dict(Category.objects.values_list("code", "id"))
        self.departments = dict(Department.objects.values_list("code", "id"))
        self.territories = territory_lookup()


def _suggestion(
    message: Message, result: TriageResult, version: ModelVersion | None, lookups: Lookups
) -> Suggestion:
    category = result.category[0] if result.category else None
    department = result.department[0] if result.department else None
    territory_id = next(
        (
            lookups.territories[t.lower()]
            for t in result.territory
            if t.lower() in lookups.territories
        ),
        None,
    )
    same_id = (result.same_as or {}).get("id")
    address = next((a.get("text", "") for a in result.address if a.get("kind") == "street"), "")
    confident = bool(result.confident.get("category") and result.confident.get("department"))
    return Suggestion(
        message=message,
        model_version=version,
        actionable=float(result.actionable),
        actionable_reason=str(result.actionable_reason)[:300],
        category_id=lookups.categories.get(category[0]) if category else None,
        category_confidence=float(category[1]) if category else 0.0,
        department_id=lookups.departments.get(department[0]) if department else None,
        department_confidence=float(department[1]) if department else 0.0,
        top={"category": _top(result.category), "department": _top(result.department)},
        confident=confident,
        territory_id=territory_id or message.territory_id,
        address=address[:300],
        priority=result.priority if result.priority in PRIORITIES else Priority.NORMAL,
        urgency_reasons=list(result.urgency_reasons),
        sentiment=str(result.sentiment)[:20],
        toxic=bool(result.toxic),
        toxicity_score=float(result.toxicity_score),
        sensitive=list(result.sensitive),
        same_as_id=same_id if isinstance(same_id, int) and same_id != message.pk else None,
    )


def _warm_deduper(pipeline: Any, before: Any) -> None:
    """Feed the dedupe step the recent, already triaged messages (once per process)."""
    deduper = pipeline.deduper
    if deduper is None or getattr(deduper, "_otklik_warm", False):
        return
    recent = (
        Message.objects.filter(created_at__gte=before - DEDUPE_WINDOW, suggestion__isnull=False)
        .select_related("territory")
        .order_by("created_at")[:5000]
    )
    # the dedupe step remembers what it ran on; batches are the fast way through
    pipeline.process_batch((message.text, _meta(message)) for message in recent)
    deduper._otklik_warm = True


def claim_pending(limit: int = 200, worker: str | None = None) -> list[Message]:
    """Claim new messages without a suggestion for one lease, the oldest first: those nobody
    holds and those whose lease ran out (a worker died holding them). One winner per message:
    a free one is claimed by an INSERT that yields to a rival's, an expired one by an UPDATE
    conditional on the lease still being out. On PostgreSQL the candidates are locked with
    SKIP LOCKED while claimed, so workers claiming at once take different messages."""
    worker = worker or worker_id()
    now = timezone.now()
    until = now + lease_length()
    pending = (
        Message.objects.filter(suggestion__isnull=True, status=Message.Status.NEW)
        .filter(Q(triage_claim__isnull=True) | Q(triage_claim__lease_until__lt=now))
        .order_by("created_at", "id")
    )
    if connection.features.has_select_for_update_skip_locked:
        pending = pending.select_for_update(skip_locked=True, of=("self",), no_key=True)
    with transaction.atomic():
        candidates = list(pending.values_list("id", "triage_claim__claimed_by")[:limit])
        if not candidates:
            return []
        free = [pk for pk, holder in candidates if holder is None]
        expired = [pk for pk, holder in candidates if holder is not None]
        TriageClaim.objects.bulk_create(
            [TriageClaim(message_id=pk, claimed_by=worker, lease_until=until) for pk in free],
            ignore_conflicts=True,
        )
        if expired:
            taken = TriageClaim.objects.filter(message_id__in=expired, lease_until__lt=now).update(
                claimed_by=worker, lease_until=until
            )
            if taken:
                log.warning("triage: %s messages taken over after their lease ran out", taken)
    return list(
        Message.objects.filter(pk__in=[pk for pk, _ in candidates], triage_claim__claimed_by=worker)
        .select_related("territory")
        .order_by("created_at", "id")
    )


def _held(messages: Sequence[Message], worker: str) -> set[int]:
    """Which of the claimed `messages` this worker still holds (nobody took them over)."""
    return set(
        TriageClaim.objects.filter(
            message_id__in=[m.pk for m in messages], claimed_by=worker
        ).values_list("message_id", flat=True)
    )


def renew_claims(messages: Sequence[Message], worker: str) -> None:
    """Extend this worker's lease on the claimed `messages` (after a slow step)."""
    TriageClaim.objects.filter(message_id__in=[m.pk for m in messages], claimed_by=worker).update(
        lease_until=timezone.now() + lease_length()
    )


def release_claims(messages: Sequence[Message], worker: str) -> None:
    """Drop this worker's claims on `messages`: stored, or left for the next worker."""
    TriageClaim.objects.filter(message_id__in=[m.pk for m in messages], claimed_by=worker).delete()


def triage_pending(batch: int = 200) -> int:
    """Worker task: suggest for new messages that have none yet; route when allowed. Each
    worker triages only the messages it claimed (claim_pending); one Suggestion per message
    stays the final guard."""
    worker = worker_id()
    pending = claim_pending(batch, worker)
    if not pending:
        return 0
    try:
        return _triage(pending, worker)
    finally:
        release_claims(pending, worker)


def _triage(pending: list[Message], worker: str) -> int:
    version = active_version()
    pipeline = pipeline_for(version)
    deduper = pipeline.deduper
    if deduper is not None and not getattr(deduper, "_otklik_warm", False):
        _warm_deduper(pipeline, pending[0].created_at)
        renew_claims(pending, worker)  # the first batch of a process waits for the warm-up
    lookups = Lookups()
    results = pipeline.process_batch((m.text, _meta(m)) for m in pending)  # step by step
    held = _held(pending, worker)  # a lease that ran out mid-batch: the new holder stores it
    made = [
        _suggestion(m, result, version, lookups)
        for m, result in zip(pending, results, strict=True)
        if m.pk in held
    ]
    valid_ids = set(
        Message.objects.filter(pk__in=[s.same_as_id for s in made if s.same_as_id]).values_list(
            "pk", flat=True
        )
    )
    for suggestion in made:
        if suggestion.same_as_id not in valid_ids:
            suggestion.same_as_id = None
    _take_corrections(made, lookups)
    Suggestion.objects.bulk_create(made, ignore_conflicts=True)
    settings_ = TriageSettings.current()
    if settings_.auto_route:
        for suggestion in made:
            auto_route(suggestion, settings_)
    return len(made)


def _take_corrections(made: Sequence[Suggestion], lookups: Lookups) -> None:
    """A new near-duplicate of a corrected message takes the moderator's values at once, not
    after the next retraining: its `same_as`, or that one's own `same_as`, was corrected."""
    targets = {s.same_as_id for s in made if s.same_as_id}
    if not targets:
        return
    roots = dict(
        Suggestion.objects.filter(message_id__in=targets, same_as__isnull=False).values_list(
            "message_id", "same_as_id"
        )
    )
    codes = {
        "category": lookups.categories,
        "department": lookups.departments,
        "territory": lookups.territories,
    }
    known = corrected_values(targets | set(roots.values()), codes)
    for suggestion in made:  # in arrival order: a later duplicate in the batch follows an earlier
        same = suggestion.same_as_id
        hit = known.get(same) if same else None
        hit = hit or (known.get(roots[same]) if same in roots else None)
        if hit and apply(suggestion, hit[1], hit[0]):
            taken = {f: getattr(suggestion, ATTRS[f]) for f in hit[1]}
            known[suggestion.message_id] = (hit[0], taken)


def apply_corrections(
    values: Values, sources: Collection[int], handled: Collection[int] = ()
) -> int:
    """A moderator's values for `sources`, at once, for the messages the triage marked as the
    same problem that no person has acted on (nor is acting on: `handled`). Returns how many
    suggestions changed."""
    if not values:
        return 0
    found = duplicates_of(sources)
    for message_id in handled:
        found.pop(message_id, None)
    changed = [s for s in untouched(found) if apply(s, values, found[s.message_id])]
    Suggestion.objects.bulk_update(changed, UPDATED)
    if changed:
        log.info("a correction of %s applied to %s duplicates", sorted(sources), len(changed))
    return len(changed)


def auto_route(suggestion: Suggestion, settings_: TriageSettings) -> Incident | None:
    """A confident, actionable, non-duplicate, non-toxic suggestion becomes a routed incident."""
    if not (suggestion.confident and suggestion.actionable >= settings_.min_actionable):
        return None
    if (
        suggestion.toxic
        or suggestion.sensitive
        or suggestion.same_as_id
        or not suggestion.department_id
    ):
        return None
    message = Message.objects.select_related("territory").get(pk=suggestion.message_id)
    if message.status != Message.Status.NEW:
        return None
    return incident_actions.create_incident(
        bot_user(),
        [message],
        category=suggestion.category,
        department=suggestion.department,
        territory=suggestion.territory,
        address_text=suggestion.address,
        priority=suggestion.priority,
        comment="Создан автоматически: модель уверена в категории и подразделении",
    )


def same_as_incident(suggestion: Suggestion) -> Incident | None:
    """The open incident that the 'same problem' message belongs to, if any."""
    if suggestion.same_as_id is None:
        return None
    other = Message.objects.filter(pk=suggestion.same_as_id).select_related("incident").first()
    if other and other.incident and other.incident.status in OPEN_STATUSES:
        return other.incident
    return None


def _code(obj: Any) -> str:
    return getattr(obj, "code", "") or ""


@transaction.atomic
def record_decisions(actor: User, incident: Incident) -> int:
    """Store each moderator decision that differs from a suggestion as a labelled example."""
    if actor.username == BOT_USERNAME:
        return 0
    suggestions = Suggestion.objects.filter(message__incident=incident).select_related(
        "category", "department", "territory"
    )
    ids = {
        "category": incident.category_id,
        "department": incident.department_id,
        "territory": incident.territory_id,
        "priority": incident.priority,
    }
    fields = {
        "category": _code(incident.category),
        "department": _code(incident.department),
        "territory": _code(incident.territory),
        "priority": incident.priority,
    }
    # Every decision on the incident (created, assigned, details changed) sends the signal;
    # a choice already recorded for a message is the same decision and is not recorded again.
    recorded: dict[tuple[int, str], str] = {}
    rows = Correction.objects.filter(message__in=[s.message_id for s in suggestions])
    for message_id, field, chosen in rows.order_by("created_at", "id").values_list(
        "message_id", "field", "chosen"
    ):
        recorded[(message_id, field)] = chosen  # the latest wins
    made = []
    for suggestion in suggestions:
        suggested = {
            "category": _code(suggestion.category),
            "department": _code(suggestion.department),
            "territory": _code(suggestion.territory),
            "priority": suggestion.priority,
        }
        for name, chosen in fields.items():
            if recorded.get((suggestion.message_id, name)) == chosen:
                continue
            if chosen and chosen != suggested[name]:
                made.append(
                    Correction(
                        message_id=suggestion.message_id,
                        field=name,
                        suggested=suggested[name],
                        chosen=chosen,
                        user=actor,
                    )
                )
    Correction.objects.bulk_create(made)
    sources = [s.message_id for s in suggestions]
    apply_corrections({c.field: ids[c.field] for c in made}, sources)
    return len(made)


def record_dismissal(actor: User, messages: Sequence[Message]) -> int:
    """A dismissed message the model thought actionable is a labelled example too."""
    ids = [m.pk for m in messages]
    wrong = list(
        Suggestion.objects.filter(message_id__in=ids, actionable__gte=ACTIONABLE).exclude(
            message__corrections__field="actionable", message__corrections__chosen="0"
        )
    )  # dismissed again after a restore: the same decision, recorded once
    made = [
        Correction(
            message_id=s.message_id, field="actionable", suggested="1", chosen="0", user=actor
        )
        for s in wrong
    ]
    Correction.objects.bulk_create(made)
    apply_corrections({"actionable": 0.0} if made else {}, [c.message_id for c in made], ids)
    return len(made)


@transaction.atomic
def activate(actor: User, version: ModelVersion) -> None:
    """Make a version the one the worker uses (also how an administrator rolls back)."""
    if not actor.is_admin:
        raise PermissionDenied("Переключать модели может только администратор")
    activate_version(version)
    log.info("model version %s activated by %s", version.version, actor.pk)


def set_auto_route(actor: User, on: bool) -> TriageSettings:
    """Turn automatic routing of confident suggestions on or off (administrators only)."""
    if not actor.is_admin:
        raise PermissionDenied(
            "Включать и выключать автоматическую маршрутизацию может только администратор"
        )
    current = TriageSettings.current()
    current.auto_route = on
    current.save(update_fields=["auto_route"])
    log.info("automatic routing %s by %s", "on" if on else "off", actor.pk)
    return current


@transaction.atomic
def activate_version(version: ModelVersion) -> None:
    """The one writer of ModelVersion.is_active: `version` becomes the only active one. The
    administrator's switch (activate) and retraining (training.retrain) both come here."""
    ModelVersion.objects.filter(is_active=True).exclude(pk=version.pk).update(is_active=False)
    ModelVersion.objects.filter(pk=version.pk).update(is_active=True)
