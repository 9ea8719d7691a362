"""The «На согласовании» counter in the menu, for the press service (settings.TEMPLATES)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from otklik.accounts.permissions import can_triage


def approval_queue(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not can_triage(user):  # type: ignore[arg-type]
        return {}
    from otklik.answers.queries import approval_count

    return {"approval_count": approval_count(user)}  # type: ignore[arg-type]
