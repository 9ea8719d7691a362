"""The read side of suggestions for the message card."""

from __future__ import annotations

from typing import Any

from otklik.cities.models import Category
from otklik.inbox.models import Message
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
