"""A moderator's correction, used at once for the same problem's other messages.

The triage marks a near-duplicate by `Suggestion.same_as` (otklik.triage.dedupe). When a
moderator corrects one message, its duplicates that nobody has handled yet take the moderator's
values (actions.apply_corrections); a duplicate that arrives later takes them while it is being
triaged (actions.triage_pending). The model's own values stay in `Suggestion.model_said`.
This module reads and computes; the writes are in otklik.suggestions.actions."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from otklik.inbox.models import Message
from otklik.suggestions.models import Correction, Suggestion

# Correction.field → the suggestion's attribute that holds it.
ATTRS = {
    "category": "category_id",
    "department": "department_id",
    "territory": "territory_id",
    "priority": "priority",
    "actionable": "actionable",
}
# How far back a corrected near-duplicate is looked for when a new message is triaged: twice the
# dedupe window, so a correction made a few days after the first report still counts.
LOOKBACK = timedelta(days=7)

Values = dict[str, Any]  # Correction.field → the attribute's value (ids, the priority, 0.0/1.0)


def reason(source_id: int) -> str:
    return f"исправлено модератором по похожему сообщению №{source_id}"


def duplicates_of(sources: Collection[int]) -> dict[int, int]:
    """Message id → the source message it is the same problem as: the sources' own `same_as`
    targets, and every message whose `same_as` is a source or such a target. Two queries."""
    sources = set(sources)
    via: dict[int, int] = {s: s for s in sources}
    pointed = Suggestion.objects.filter(message_id__in=sources, same_as__isnull=False)
    for message_id, same_id in pointed.values_list("message_id", "same_as_id"):
        via.setdefault(same_id, message_id)
    found: dict[int, int] = {}
    linked = Suggestion.objects.filter(Q(same_as_id__in=via) | Q(message_id__in=via))
    for message_id, same_id in linked.values_list("message_id", "same_as_id"):
        if message_id not in sources:
            found[message_id] = via.get(message_id) or via[same_id]
    return found


def untouched(message_ids: Collection[int]) -> list[Suggestion]:
    """The suggestions of these messages that no person has acted on: the message is still new
    and has no correction of its own."""
    decided = Correction.objects.filter(message_id=OuterRef("message_id"))
    return list(
        Suggestion.objects.filter(message_id__in=message_ids, message__status=Message.Status.NEW)
        .exclude(Exists(decided))
        .order_by("message_id")
    )


def apply(suggestion: Suggestion, values: Mapping[str, Any], source_id: int) -> bool:
    """Put the moderator's values into the suggestion (in memory); True when something changed.
    The model's first value of each replaced field is kept in `model_said`."""
    changed = False
    said = dict(suggestion.model_said or {})
    for field, value in values.items():
        attr = ATTRS[field]
        current = getattr(suggestion, attr)
        if value is None or current == value:
            continue
        said.setdefault(field, current)
        setattr(suggestion, attr, value)
        changed = True
    if changed:
        suggestion.model_said = said
        suggestion.corrected_by_id = source_id
        suggestion.correction_reason = reason(source_id)
        if "actionable" in values and "actionable" in said:
            suggestion.actionable_reason = reason(source_id)
    return changed


UPDATED = [
    *ATTRS.values(),
    "actionable_reason",
    "model_said",
    "corrected_by",
    "correction_reason",
]


def corrected_values(
    message_ids: Collection[int], codes: Mapping[str, Mapping[str, int]]
) -> dict[int, tuple[int, Values]]:
    """Message id → (the corrected message, its moderator's values) for those of `message_ids`
    with a recent correction (the latest per field wins) or with values taken from one.
    `codes` turns a correction's codes into ids: {"category": {code: id}, …}. Two queries,
    both on indexed columns (Correction.message, Correction.created_at; the primary key)."""
    found: dict[int, tuple[int, Values]] = {}
    taken = Suggestion.objects.filter(message_id__in=message_ids, corrected_by__isnull=False)
    for suggestion in taken:
        values = {f: getattr(suggestion, ATTRS[f]) for f in suggestion.model_said if f in ATTRS}
        found[suggestion.message_id] = (suggestion.corrected_by_id or 0, values)
    rows = Correction.objects.filter(
        message_id__in=message_ids, created_at__gte=timezone.now() - LOOKBACK
    ).order_by("created_at", "id")
    for message_id, field, chosen in rows.values_list("message_id", "field", "chosen"):
        value = _value(field, chosen, codes)
        if value is not None:
            found.setdefault(message_id, (message_id, {}))
            if found[message_id][0] != message_id:  # its own correction beats a taken value
                found[message_id] = (message_id, {})
            found[message_id][1][field] = value
    return found


def _value(field: str, chosen: str, codes: Mapping[str, Mapping[str, int]]) -> Any:
    if field == "actionable":
        return 1.0 if chosen == "1" else 0.0
    if field == "priority":
        return chosen or None
    if field in codes:
        return codes[field].get(chosen.lower() if field == "territory" else chosen)
    return None
