"""The tabs above the inbox and the incident list: the built-in views, then the saved ones.

A built-in is a query string on the same list (or, for «Ждут согласования», the approval
queue's page); a saved view is the user's own (SavedView.owner) or one his department shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from django.db.models import Q
from django.urls import reverse

from otklik.accounts.models import User
from otklik.accounts.permissions import can_triage
from otklik.desk.models import SavedView

LIST_URLS = {SavedView.List.INBOX: "inbox", SavedView.List.INCIDENTS: "incident-list"}


@dataclass(frozen=True)
class Tab:
    name: str
    url: str
    active: bool = False
    view: SavedView | None = None
    own: bool = False


def same_query(one: str, other: str) -> bool:
    """Two query strings ask for the same list (order aside, the page number ignored)."""

    def pairs(query: str) -> list[tuple[str, str]]:
        found = parse_qsl(query.lstrip("?"), keep_blank_values=True)
        return sorted((k, v) for k, v in found if k != "page" and (v or k in {"state", "status"}))

    return pairs(one) == pairs(other)


def builtins(user: User, list_name: str) -> list[tuple[str, str]]:
    """(name, query or absolute path) of the list's built-in views, for this user."""
    if list_name == SavedView.List.INBOX:
        return [("Новые", "status=new"), ("Все", "status=")]
    found: list[tuple[str, str]] = []
    if user.is_executor:
        found.append(("Мои", "state=open&mine=1"))
    found += [("Открытые", "state=open"), ("Просроченные", "state=overdue")]
    if can_triage(user):
        found.append(("Ждут согласования", reverse("answer-queue")))
    return found


def visible_views(user: User, list_name: str) -> list[SavedView]:
    """The user's own saved views of this list and those his department shares."""
    mine = Q(owner=user)
    if user.department_id:
        mine |= Q(department_id=user.department_id)
    qs = SavedView.objects.filter(mine, list_name=list_name).select_related("owner")
    return list(qs.order_by("name", "id"))


def tabs(user: User, list_name: str, query: str) -> list[Tab]:
    base = reverse(LIST_URLS[SavedView.List(list_name)])
    found = [
        Tab(name, target if target.startswith("/") else f"{base}?{target}",
            active=not target.startswith("/") and same_query(target, query))
        for name, target in builtins(user, list_name)
    ]  # fmt: skip
    found += [
        Tab(view.name, f"{base}?{view.query}", same_query(view.query, query), view,
            own=view.owner_id == user.pk)
        for view in visible_views(user, list_name)
    ]  # fmt: skip
    return found
