"""/api/v1/sources/: the channels' state and health, read-only, for administrators (as the
«Каналы» page). Secrets are never shown, not even their names."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema

from otklik.accounts.models import User
from otklik.api.rest import pagination
from otklik.api.rest.auth import user_of
from otklik.api.rest.errors import errors
from otklik.api.rest.inputs import Cursor, Limit, PathId
from otklik.sources.channels import rate_limited_until
from otklik.sources.health_views import health_queryset, last_event
from otklik.sources.models import Source, SourceCredential

router = Router(tags=["Каналы"])


class SourceOut(Schema):
    id: int
    name: str
    title: str
    kind: str
    is_active: bool
    is_mayor_page: bool
    poll_interval: int
    next_poll_at: datetime | None = None
    last_event_at: datetime | None = None
    lag_seconds: int | None = None
    last_error: str
    last_error_at: datetime | None = None
    pending_count: int
    failed_count: int
    token_expires_at: datetime | None = None
    rate_limited_until: datetime | None = None


class SourcePage(pagination.Page):
    items: list[SourceOut]


def _require_admin(user: User) -> None:
    if not user.is_admin:
        raise PermissionDenied("Состояние каналов видят только администраторы")


def out(source: Source) -> dict[str, Any]:
    try:
        expires = source.credential.expires_at
    except SourceCredential.DoesNotExist:
        expires = None
    last = last_event(source)
    return {
        "id": source.pk,
        "name": source.name,
        "title": source.title,
        "kind": source.kind,
        "is_active": source.is_active,
        "is_mayor_page": source.is_mayor_page,
        "poll_interval": source.poll_interval,
        "next_poll_at": source.next_poll_at,
        "last_event_at": last,
        "lag_seconds": int((timezone.now() - last).total_seconds()) if last else None,
        "last_error": source.last_error,
        "last_error_at": source.last_error_at,
        "pending_count": getattr(source, "pending_count", 0),
        "failed_count": getattr(source, "failed_count", 0),
        "token_expires_at": expires,
        "rate_limited_until": rate_limited_until(source),
    }


@router.get("/", response={200: SourcePage, **errors(403)}, summary="Каналы и их состояние")
def source_list(
    request: HttpRequest, cursor: Cursor = None, limit: Limit = pagination.DEFAULT_LIMIT
) -> dict[str, Any]:
    """По коду канала; с очередью необработанных и числом ошибок приёма."""
    _require_admin(user_of(request))
    rows, after = pagination.page(
        health_queryset(), key="name", descending=False, cursor=cursor, limit=limit
    )
    return {"items": [out(s) for s in rows], "next": after}


@router.get("/{pk}/", response={200: SourceOut, **errors(403, 404)}, summary="Канал")
def source_detail(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    _require_admin(user_of(request))
    return out(get_object_or_404(health_queryset(), pk=pk))
