"""/api/v1/posts/: the content plan: list, read, create a draft, submit, approve.

The press service only (plan.actions.can_plan), as the «План публикаций» pages; every write
through otklik.plan.actions, which checks the platforms' lengths and the Mayor's right."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja import Status as Created

from otklik.accounts.models import User
from otklik.api.rest import pagination
from otklik.api.rest.auth import user_of
from otklik.api.rest.errors import errors
from otklik.api.rest.inputs import (
    Cursor,
    DateFrom,
    DateTo,
    Id,
    Limit,
    Moment,
    OptionalId,
    PathId,
    choice,
    day_end,
    day_start,
    plain,
)
from otklik.api.rest.refs import Person, Ref, SourceRef, person, ref, source_ref
from otklik.plan import actions
from otklik.plan.forms import publishable_sources
from otklik.plan.models import Campaign, Post, PostChannel

router = Router(tags=["План публикаций"])


class ChannelOut(Schema):
    source: SourceRef
    state: str
    text: str
    url: str
    error: str
    published_at: datetime | None = None


class PostOut(Schema):
    id: int
    title: str
    text: str
    state: str
    publish_at: datetime
    campaign: Ref | None = None
    channels: list[ChannelOut]
    created_by: Person | None = None
    approved_by: Person | None = None
    approved_at: datetime | None = None
    created_at: datetime
    updated_at: datetime


class PostPage(pagination.Page):
    items: list[PostOut]


class PostIn(Schema):
    text: str = plain(20_000, required=True)
    title: str = plain(200)
    publish_at: Moment = Field(..., description="С часовым поясом, ISO 8601")
    sources: list[Id] = Field(..., min_length=1, max_length=50, description="Каналы")
    campaign: Id | None = None


def _require_plan(user: User) -> None:
    if not actions.can_plan(user):
        raise PermissionDenied("План публикаций ведёт пресс-служба")


def out(post: Post) -> dict[str, Any]:
    return {
        "id": post.pk,
        "title": post.title,
        "text": post.text,
        "state": post.state,
        "publish_at": post.publish_at,
        "campaign": ref(post.campaign),
        "channels": [
            {
                "source": source_ref(c.source),
                "state": c.state,
                "text": c.body,
                "url": c.url,
                "error": c.reason or c.error,
                "published_at": c.published_at,
            }
            for c in post.channels.all()
        ],
        "created_by": person(post.created_by),
        "approved_by": person(post.approved_by),
        "approved_at": post.approved_at,
        "created_at": post.created_at,
        "updated_at": post.updated_at,
    }


def posts() -> QuerySet[Post]:
    channels = PostChannel.objects.select_related("source").order_by("source__name")
    return Post.objects.select_related("campaign", "created_by", "approved_by").prefetch_related(
        Prefetch("channels", queryset=channels)
    )


def load(pk: int) -> Post:
    return get_object_or_404(posts(), pk=pk)


@router.get("/", response={200: PostPage, **errors(403)}, summary="Список постов")
def post_list(
    request: HttpRequest,
    state: choice(Post.State) | None = None,
    campaign: OptionalId = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    cursor: Cursor = None,
    limit: Limit = pagination.DEFAULT_LIMIT,
) -> dict[str, Any]:
    """По времени публикации, ранние первыми."""
    _require_plan(user_of(request))
    qs = posts()
    if state:
        qs = qs.filter(state=state)
    if campaign:
        qs = qs.filter(campaign_id=campaign)
    if date_from:
        qs = qs.filter(publish_at__gte=day_start(date_from))
    if date_to:
        qs = qs.filter(publish_at__lte=day_end(date_to))
    rows, after = pagination.page(
        qs, key="publish_at", descending=False, cursor=cursor, limit=limit
    )
    return {"items": [out(p) for p in rows], "next": after}


@router.get("/{pk}/", response={200: PostOut, **errors(403, 404)}, summary="Пост")
def post_detail(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    _require_plan(user_of(request))
    return out(load(pk))


@router.post("/", response={201: PostOut, **errors(403, 422)}, summary="Создать черновик")
def post_create(request: HttpRequest, payload: PostIn) -> Created:
    user = user_of(request)
    _require_plan(user)
    wanted = list(dict.fromkeys(payload.sources))
    sources = list(publishable_sources().filter(pk__in=wanted))
    missing = sorted(set(wanted) - {s.pk for s in sources})
    if missing:
        raise ValidationError(
            {"sources": [f"Нет каналов для постов с номерами {', '.join(map(str, missing))}"]}
        )
    campaign = None
    if payload.campaign is not None:
        campaign = Campaign.objects.filter(pk=payload.campaign).first()
        if campaign is None:
            raise ValidationError({"campaign": [f"Нет кампании с номером {payload.campaign}"]})
    post = actions.create_post(
        user,
        text=payload.text,
        title=payload.title,
        publish_at=payload.publish_at,
        sources=sources,
        campaign=campaign,
    )
    return Created(201, out(load(post.pk)))


@router.post(
    "/{pk}/submit/",
    response={200: PostOut, **errors(403, 404, 422)},
    summary="Отправить на согласование",
)
def post_submit(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    user = user_of(request)
    _require_plan(user)
    actions.submit(user, load(pk))
    return out(load(pk))


@router.post(
    "/{pk}/approve/", response={200: PostOut, **errors(403, 404, 422)}, summary="Утвердить"
)
def post_approve(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    """Проверяет длину текста для каждой площадки; личные страницы мэра — право утверждать
    от его имени."""
    user = user_of(request)
    _require_plan(user)
    actions.approve(user, load(pk))
    return out(load(pk))
