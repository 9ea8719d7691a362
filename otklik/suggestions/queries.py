"""The read side of suggestions for the message card."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from otklik.cities.models import Category
from otklik.inbox.models import Message
from otklik.incidents.states import Priority
from otklik.suggestions.models import Suggestion


def suggestion_for(message: Message) -> Suggestion | None:
    return (
        Suggestion.objects.filter(message=message)
        .select_related("category__parent", "department", "territory", "model_version")
        .first()
    )


def named_alternatives(suggestion: Suggestion) -> list[tuple[str, float]]:
    """The category head's top-3 with the categories' names, not their codes."""
    pairs = (suggestion.top or {}).get("category", [])
    names = dict(
        Category.objects.filter(code__in=[code for code, _ in pairs]).values_list("code", "name")
    )
    return [(names.get(code, code), p) for code, p in pairs]


def form_initial(message: Message, suggestion: Suggestion | None) -> dict[str, Any]:
    """The new-incident form, prefilled from the suggestion: one click to accept it."""
    initial: dict[str, Any] = {"territory": message.territory, "address_text": message.address_text}
    if suggestion is None:
        return initial
    if suggestion.category and suggestion.category.parent_id:
        initial["category"] = suggestion.category
    initial["department"] = suggestion.department
    initial["territory"] = suggestion.territory or message.territory
    initial["address_text"] = message.address_text or suggestion.address
    initial["priority"] = suggestion.priority
    return initial


URGENCY = [Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.CRITICAL]


def bulk_initial(messages: Sequence[Message]) -> dict[str, Any]:
    """A new incident from several ticked messages, from their suggestions: the most common
    topic, department and territory among them (ties: the newest message's), and the most
    urgent priority (one report of a threat makes the incident urgent)."""
    ordered = sorted(messages, key=lambda m: m.created_at, reverse=True)
    found = {
        s.message_id: s
        for s in Suggestion.objects.filter(message__in=ordered).select_related("category")
    }
    votes: dict[str, Counter[int]] = {"category": Counter(), "department": Counter()}
    votes["territory"] = Counter()
    priorities = []
    for message in ordered:
        suggestion = found.get(message.pk)
        territory = (suggestion.territory_id if suggestion else None) or message.territory_id
        if territory:
            votes["territory"][territory] += 1
        if suggestion is None:
            continue
        if suggestion.category_id and suggestion.category and suggestion.category.parent_id:
            votes["category"][suggestion.category_id] += 1
        if suggestion.department_id:
            votes["department"][suggestion.department_id] += 1
        priorities.append(suggestion.priority)
    initial: dict[str, Any] = {
        name: counter.most_common(1)[0][0] for name, counter in votes.items() if counter
    }
    known = [p for p in priorities if p in URGENCY]
    if known:
        initial["priority"] = max(known, key=URGENCY.index)
    return initial
