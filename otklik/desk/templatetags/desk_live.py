"""The desk's pieces for other apps' templates: {% saved_views "incidents" %} above a list and
{% presence "incident" incident.pk %} on a card. Templates load them by name, so the apps below
the desk import nothing of it."""

from __future__ import annotations

from typing import Any

from django import template

from otklik.desk.tabs import tabs

register = template.Library()


@register.inclusion_tag("desk/tabs.html", takes_context=True)
def saved_views(context: template.Context, list_name: str) -> dict[str, Any]:
    request = context["request"]
    query = str(context.get("query", ""))
    return {
        "tabs": tabs(request.user, list_name, query),
        "list_name": list_name,
        "query": query,
        "csrf_token": context.get("csrf_token"),
        "can_share": bool(request.user.department_id),
    }


@register.inclusion_tag("desk/presence.html", takes_context=True)
def presence(context: template.Context, kind: str, object_id: int) -> dict[str, Any]:
    """An empty line that live.js fills with «Сейчас это открыто: …» from its heartbeat."""
    return {"kind": kind, "object_id": object_id, "csrf_token": context.get("csrf_token")}
