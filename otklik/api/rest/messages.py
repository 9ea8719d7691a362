"""/api/v1/messages/: residents' messages, scoped like the inbox and the message card.

Executors see only the messages of their department's incidents (scope_messages). A message's
contact for a reply and the author's profile link are personal data: only the press service sees
them, as on the message card; for everyone else they are null."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from otklik.accounts.models import User
from otklik.accounts.permissions import can_triage, scope_messages
from otklik.api.rest import pagination
from otklik.api.rest.auth import user_of
from otklik.api.rest.errors import errors
from otklik.api.rest.inputs import (
    Cursor,
    DateFrom,
    DateTo,
    Limit,
    OptionalId,
    PathId,
    SearchText,
    choice,
    day_end,
    day_start,
)
from otklik.api.rest.refs import Ref, SourceRef, ref, source_ref
from otklik.inbox.models import Message, search_form

router = Router(tags=["Сообщения"])


class AuthorOut(Schema):
    name: str
    is_closed_profile: bool
    profile_url: str | None = None


class MessageOut(Schema):
    id: int
    source: SourceRef
    kind: str
    status: str
    text: str
    created_at: datetime
    received_at: datetime
    url: str
    author: AuthorOut | None = None
    contact: str | None = None
    territory: Ref | None = None
    address_text: str
    likes: int
    reposts: int
    replies: int
    views: int
    incident_id: int | None = None
    is_deleted: bool


class MessagePage(pagination.Page):
    items: list[MessageOut]


def out(message: Message, user: User) -> dict[str, Any]:
    personal = can_triage(user)
    author = message.author
    return {
        "id": message.pk,
        "source": source_ref(message.source),
        "kind": message.kind,
        "status": message.status,
        "text": message.text,
        "created_at": message.created_at,
        "received_at": message.received_at,
        "url": message.url,
        "author": None
        if author is None
        else {
            "name": str(author),
            "is_closed_profile": author.is_closed_profile,
            "profile_url": author.profile_url if personal else None,
        },
        "contact": message.contact if personal else None,
        "territory": ref(message.territory),
        "address_text": message.address_text,
        "likes": message.likes,
        "reposts": message.reposts,
        "replies": message.replies,
        "views": message.views,
        "incident_id": message.incident_id,
        "is_deleted": message.is_deleted,
    }


def visible(user: User) -> QuerySet[Message]:
    return scope_messages(user, Message.objects.select_related("source", "author", "territory"))


@router.get("/", response=MessagePage, summary="Список сообщений")
def message_list(
    request: HttpRequest,
    status: choice(Message.Status) | None = None,
    source: OptionalId = None,
    territory: OptionalId = None,
    category: OptionalId = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    q: SearchText = None,
    cursor: Cursor = None,
    limit: Limit = pagination.DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Новые первыми. Категория — по инциденту сообщения (тема или её группа)."""
    user = user_of(request)
    qs = visible(user)
    if status:
        qs = qs.filter(status=status)
    if source:
        qs = qs.filter(source_id=source)
    if territory:
        qs = qs.filter(territory_id=territory)
    if category:
        qs = qs.filter(
            Q(incident__category_id=category) | Q(incident__category__parent_id=category)
        )
    if q:
        qs = qs.filter(search_text__contains=search_form(q))
    if date_from:
        qs = qs.filter(created_at__gte=day_start(date_from))
    if date_to:
        qs = qs.filter(created_at__lte=day_end(date_to))
    rows, after = pagination.page(qs, key="created_at", descending=True, cursor=cursor, limit=limit)
    return {"items": [out(m, user) for m in rows], "next": after}


@router.get("/{pk}/", response={200: MessageOut, **errors(404)}, summary="Сообщение")
def message_detail(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    user = user_of(request)
    return out(get_object_or_404(visible(user), pk=pk), user)
