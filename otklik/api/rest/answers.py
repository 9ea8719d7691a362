"""/api/v1/answers/: answers to residents: list, read, draft, submit, approve, return.

Through otklik.answers.actions, which checks who may draft (the incident's executors or the
press service) and who may approve (the press service; the Mayor's pages need that right)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja import Status as Created

from otklik.accounts.models import User
from otklik.accounts.permissions import scope_incidents
from otklik.answers import actions
from otklik.answers.models import Answer, AnswerTemplate
from otklik.api.rest import pagination
from otklik.api.rest.auth import user_of
from otklik.api.rest.errors import errors
from otklik.api.rest.inputs import Cursor, Id, Limit, OptionalId, PathId, choice, plain
from otklik.api.rest.refs import Person, person
from otklik.incidents.models import Incident

router = Router(tags=["Ответы"])


class AnswerOut(Schema):
    id: int
    incident_id: int
    kind: str
    status: str
    text: str
    author: Person | None = None
    review_comment: str
    reviewed_by: Person | None = None
    reviewed_at: datetime | None = None
    created_at: datetime
    updated_at: datetime


class AnswerPage(pagination.Page):
    items: list[AnswerOut]


class DraftIn(Schema):
    incident: Id
    kind: choice(Answer.Kind) = Answer.Kind.FINAL.value
    text: str = plain(10_000, description="Текст; переменные шаблона {name} {address} … заполнятся")
    template: Id | None = Field(None, description="Шаблон ответа вместо текста")


class CommentIn(Schema):
    comment: str = plain(5000)


def out(answer: Answer) -> dict[str, Any]:
    return {
        "id": answer.pk,
        "incident_id": answer.incident_id,
        "kind": answer.kind,
        "status": answer.status,
        "text": answer.text,
        "author": person(answer.author),
        "review_comment": answer.review_comment,
        "reviewed_by": person(answer.reviewed_by),
        "reviewed_at": answer.reviewed_at,
        "created_at": answer.created_at,
        "updated_at": answer.updated_at,
    }


def visible(user: User) -> QuerySet[Answer]:
    incidents = scope_incidents(user, Incident.objects.all())
    return Answer.objects.filter(incident__in=incidents).select_related(
        "incident", "author", "reviewed_by"
    )


def load(user: User, pk: int) -> Answer:
    return get_object_or_404(visible(user), pk=pk)


@router.get("/", response=AnswerPage, summary="Список ответов")
def answer_list(
    request: HttpRequest,
    incident: OptionalId = None,
    status: choice(Answer.Status) | None = None,
    cursor: Cursor = None,
    limit: Limit = pagination.DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Старые первыми; только ответы видимых токену инцидентов."""
    qs = visible(user_of(request))
    if incident:
        qs = qs.filter(incident_id=incident)
    if status:
        qs = qs.filter(status=status)
    rows, after = pagination.page(
        qs, key="created_at", descending=False, cursor=cursor, limit=limit
    )
    return {"items": [out(a) for a in rows], "next": after}


@router.get("/{pk}/", response={200: AnswerOut, **errors(404)}, summary="Ответ")
def answer_detail(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    return out(load(user_of(request), pk))


@router.post("/", response={201: AnswerOut, **errors(403, 422)}, summary="Подготовить черновик")
def answer_draft(request: HttpRequest, payload: DraftIn) -> Created:
    """Из текста или из шаблона; окончательный ответ переводит инцидент в «Ответ подготовлен»."""
    user = user_of(request)
    incident = scope_incidents(user, Incident.objects.filter(pk=payload.incident)).first()
    if incident is None:
        raise ValidationError({"incident": [f"Нет инцидента с номером {payload.incident}"]})
    template = None
    if payload.template is not None:
        template = AnswerTemplate.objects.filter(pk=payload.template, is_active=True).first()
        if template is None:
            raise ValidationError({"template": [f"Нет шаблона с номером {payload.template}"]})
    answer = actions.draft_answer(
        user, incident, kind=payload.kind, text=payload.text, template=template
    )
    return Created(201, out(load(user, answer.pk)))


@router.post(
    "/{pk}/submit/",
    response={200: AnswerOut, **errors(403, 404, 422)},
    summary="Отправить на согласование",
)
def answer_submit(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    user = user_of(request)
    actions.submit_for_approval(user, load(user, pk))
    return out(load(user, pk))


@router.post(
    "/{pk}/approve/",
    response={200: AnswerOut, **errors(403, 404, 422)},
    summary="Согласовать",
)
def answer_approve(request: HttpRequest, pk: PathId, payload: CommentIn) -> dict[str, Any]:
    """Только пресс-служба; публикацию в ветки ставит в очередь, отправляет её обработчик."""
    user = user_of(request)
    actions.approve(user, load(user, pk), payload.comment)
    return out(load(user, pk))


@router.post(
    "/{pk}/return/",
    response={200: AnswerOut, **errors(403, 404, 422)},
    summary="Вернуть на доработку",
)
def answer_return(request: HttpRequest, pk: PathId, payload: CommentIn) -> dict[str, Any]:
    """Только пресс-служба; комментарий — что исправить — обязателен."""
    user = user_of(request)
    actions.return_answer(user, load(user, pk), payload.comment)
    return out(load(user, pk))
