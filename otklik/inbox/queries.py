"""The inbox's read side: filtered, scoped, paged message lists without N+1 queries."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from otklik.accounts.models import User
from otklik.accounts.permissions import scope_messages
from otklik.inbox.models import Message, search_form


def inbox_queryset(user: User, filters: dict[str, Any]) -> QuerySet[Message]:
    """The list with its text search (`q`) among the filters."""
    search = inbox_search(filters)
    qs = listed_messages(user, filters)
    return qs if search is None else qs.filter(search)


def inbox_search(filters: dict[str, Any]) -> Q | None:
    """The text search on the message's search form (trigram index on PostgreSQL)."""
    if not filters.get("q"):
        return None
    return Q(search_text__contains=search_form(filters["q"]))


def listed_messages(user: User, filters: dict[str, Any]) -> QuerySet[Message]:
    """The list without its text search (keyset.paginate finds that apart: `search=`)."""
    qs = scope_messages(user, Message.objects.all())
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("source"):
        qs = qs.filter(source=filters["source"])
    if filters.get("territory"):
        qs = qs.filter(territory=filters["territory"])
    tz = timezone.get_current_timezone()
    if filters.get("date_from"):
        qs = qs.filter(created_at__gte=datetime.combine(filters["date_from"], time.min, tz))
    if filters.get("date_to"):
        qs = qs.filter(created_at__lte=datetime.combine(filters["date_to"], time.max, tz))
    related = ("source", "author", "territory", "incident", "suggestion")
    related += ("suggestion__category", "suggestion__department", "suggestion__territory")
    return qs.select_related(*related).order_by("-created_at", "-id")


def thread_context(message: Message, limit: int = 50) -> list[Message]:
    """The other messages of the same thread, oldest first, for the message card."""
    if message.thread_id is None:
        return []
    qs = (
        Message.objects.filter(thread_id=message.thread_id)
        .select_related("author")
        .order_by("created_at", "id")
    )
    return list(qs[:limit])
