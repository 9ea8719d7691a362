"""/api/v1/instructions/: the Mayor's instructions (поручения): list, read, take into work,
report progress, complete.

Scoped as the pages (meetings.permissions): executors see their department's instructions;
writes through otklik.meetings.actions, which checks can_work_on."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from otklik.accounts.models import User
from otklik.api.rest import pagination
from otklik.api.rest.auth import user_of
from otklik.api.rest.errors import errors
from otklik.api.rest.inputs import Cursor, Limit, OptionalId, PathId, SearchText, plain
from otklik.api.rest.refs import Person, Ref, person, ref
from otklik.meetings import actions
from otklik.meetings.models import Instruction, InstructionEvent, overdue_q
from otklik.meetings.permissions import scope_instructions

router = Router(tags=["Встречи и поручения"])


class InstructionOut(Schema):
    id: int
    number: str
    text: str
    state: str
    department: Ref
    responsible: Person | None = None
    meeting_id: int | None = None
    deadline: datetime
    is_overdue: bool
    expected_result: str
    result: str
    done_at: datetime | None = None
    created_at: datetime


class InstructionEventOut(Schema):
    kind: str
    text: str
    actor: Person | None = None
    created_at: datetime


class InstructionDetail(InstructionOut):
    incident_ids: list[int]
    events: list[InstructionEventOut]


class InstructionPage(pagination.Page):
    items: list[InstructionOut]


class ProgressIn(Schema):
    text: str = plain(10_000, required=True, description="Что сделано")


class CompleteIn(Schema):
    result: str = plain(10_000, required=True, description="Результат")


def visible(user: User) -> QuerySet[Instruction]:
    return scope_instructions(user, Instruction.objects.select_related("department", "responsible"))


def out(instruction: Instruction) -> dict[str, Any]:
    return {
        "id": instruction.pk,
        "number": instruction.number,
        "text": instruction.text,
        "state": instruction.state,
        "department": ref(instruction.department),
        "responsible": person(instruction.responsible),
        "meeting_id": instruction.meeting_id,
        "deadline": instruction.deadline,
        "is_overdue": instruction.is_overdue,
        "expected_result": instruction.expected_result,
        "result": instruction.result,
        "done_at": instruction.done_at,
        "created_at": instruction.created_at,
    }


def load(user: User, pk: int) -> Instruction:
    events = InstructionEvent.objects.select_related("actor").order_by("created_at", "id")
    qs = visible(user).prefetch_related(Prefetch("events", queryset=events), "incidents")
    return get_object_or_404(qs, pk=pk)


def detail(instruction: Instruction) -> dict[str, Any]:
    return {
        **out(instruction),
        "incident_ids": sorted(i.pk for i in instruction.incidents.all()),
        "events": [
            {"kind": e.kind, "text": e.text, "actor": person(e.actor), "created_at": e.created_at}
            for e in instruction.events.all()
        ],
    }


@router.get("/", response=InstructionPage, summary="Поручения")
def instruction_list(
    request: HttpRequest,
    state: Literal["open", "issued", "in_progress", "done", "cancelled"] | None = None,
    overdue: bool = False,
    department: OptionalId = None,
    meeting: OptionalId = None,
    q: SearchText = None,
    cursor: Cursor = None,
    limit: Limit = pagination.DEFAULT_LIMIT,
) -> dict[str, Any]:
    """По сроку, ближние первыми. `state=open` — выданные и в работе."""
    qs = visible(user_of(request))
    if state == "open":
        qs = qs.filter(state__in=[Instruction.State.ISSUED, Instruction.State.IN_PROGRESS])
    elif state:
        qs = qs.filter(state=state)
    if overdue:
        qs = qs.filter(overdue_q())
    if department:
        qs = qs.filter(department_id=department)
    if meeting:
        qs = qs.filter(meeting_id=meeting)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(text__icontains=q))
    rows, after = pagination.page(qs, key="deadline", descending=False, cursor=cursor, limit=limit)
    return {"items": [out(i) for i in rows], "next": after}


@router.get("/{pk}/", response={200: InstructionDetail, **errors(404)}, summary="Поручение")
def instruction_detail(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    """С историей и связанными инцидентами."""
    return detail(load(user_of(request), pk))


@router.post(
    "/{pk}/take/",
    response={200: InstructionDetail, **errors(403, 404, 422)},
    summary="Принять в работу",
)
def instruction_take(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    user = user_of(request)
    actions.take_into_work(user, load(user, pk))
    return detail(load(user, pk))


@router.post(
    "/{pk}/progress/",
    response={200: InstructionDetail, **errors(403, 404, 422)},
    summary="Отчёт о ходе",
)
def instruction_progress(request: HttpRequest, pk: PathId, payload: ProgressIn) -> dict[str, Any]:
    """Выданное поручение при этом переходит в работу."""
    user = user_of(request)
    actions.report_progress(user, load(user, pk), payload.text)
    return detail(load(user, pk))


@router.post(
    "/{pk}/complete/",
    response={200: InstructionDetail, **errors(403, 404, 422)},
    summary="Выполнено",
)
def instruction_complete(request: HttpRequest, pk: PathId, payload: CompleteIn) -> dict[str, Any]:
    """Связанным инцидентам готовятся ответы жителям и уходят на обычное согласование."""
    user = user_of(request)
    actions.complete(user, load(user, pk), payload.result)
    return detail(load(user, pk))
