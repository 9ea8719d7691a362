"""/api/v1/meetings/: the Mayor's meetings with residents, read-only.

As the «Встречи и поручения» pages: the press service and analysts see them, executors do not
(they see their department's instructions, /api/v1/instructions/). A question's asker is named
only inside the press service's pages, so the API leaves the name out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

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
    choice,
    day_end,
    day_start,
)
from otklik.api.rest.refs import Ref, ref
from otklik.meetings.models import Meeting, Question
from otklik.meetings.permissions import can_see_meetings

router = Router(tags=["Встречи и поручения"])


class MeetingOut(Schema):
    id: int
    territory: Ref
    starts_at: datetime
    place: str
    agenda: str
    state: str
    hashtag: str
    held_at: datetime | None = None
    question_count: int
    instruction_count: int


class QuestionOut(Schema):
    id: int
    text: str
    topic: str
    asked: str
    state: str
    answer: str
    message_id: int | None = None
    created_at: datetime


class MeetingDetail(MeetingOut):
    participants: str
    questions: list[QuestionOut]


class MeetingPage(pagination.Page):
    items: list[MeetingOut]


def _require_see(request: HttpRequest) -> None:
    if not can_see_meetings(user_of(request)):
        raise PermissionDenied("Встречи видят пресс-служба и аналитики")


def meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("territory").annotate(
        question_count=Count("questions", distinct=True),
        instruction_count=Count("instructions", distinct=True),
    )


def out(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "territory": ref(meeting.territory),
        "starts_at": meeting.starts_at,
        "place": meeting.place,
        "agenda": meeting.agenda,
        "state": meeting.state,
        "hashtag": meeting.hashtag,
        "held_at": meeting.held_at,
        "question_count": getattr(meeting, "question_count", 0),
        "instruction_count": getattr(meeting, "instruction_count", 0),
    }


@router.get("/", response={200: MeetingPage, **errors(403)}, summary="Встречи мэра")
def meeting_list(
    request: HttpRequest,
    territory: OptionalId = None,
    state: choice(Meeting.State) | None = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    cursor: Cursor = None,
    limit: Limit = pagination.DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Поздние первыми (по времени начала)."""
    _require_see(request)
    qs = meetings()
    if territory:
        qs = qs.filter(territory_id=territory)
    if state:
        qs = qs.filter(state=state)
    if date_from:
        qs = qs.filter(starts_at__gte=day_start(date_from))
    if date_to:
        qs = qs.filter(starts_at__lte=day_end(date_to))
    rows, after = pagination.page(qs, key="starts_at", descending=True, cursor=cursor, limit=limit)
    return {"items": [out(m) for m in rows], "next": after}


@router.get("/{pk}/", response={200: MeetingDetail, **errors(403, 404)}, summary="Встреча")
def meeting_detail(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    """С вопросами жителей (без имён спросивших)."""
    _require_see(request)
    questions = Question.objects.order_by("created_at", "id")
    meeting = get_object_or_404(
        meetings().prefetch_related(Prefetch("questions", queryset=questions)), pk=pk
    )
    return {
        **out(meeting),
        "participants": meeting.participants,
        "questions": [
            {
                "id": q.pk,
                "text": q.text,
                "topic": q.topic,
                "asked": q.asked,
                "state": q.state,
                "answer": q.answer,
                "message_id": q.message_id,
                "created_at": q.created_at,
            }
            for q in meeting.questions.all()
        ],
    }
