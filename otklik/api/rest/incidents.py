"""/api/v1/incidents/: list, read, create from messages, assign, change status.

Every write goes through otklik.incidents.actions, which checks the same rights as the pages
(can_triage, can_edit_incident); reads are scoped by scope_incidents."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja import Status as Created

from otklik.accounts.models import Role, User
from otklik.accounts.permissions import can_triage, scope_incidents, scope_messages
from otklik.api.rest import pagination
from otklik.api.rest.auth import user_of
from otklik.api.rest.errors import errors
from otklik.api.rest.inputs import (
    Cursor,
    DateFrom,
    DateTo,
    Id,
    Limit,
    OptionalId,
    PathId,
    SearchText,
    choice,
    day_end,
    day_start,
    plain,
)
from otklik.api.rest.refs import Person, Ref, person, ref
from otklik.cities.models import Category, Department, Territory
from otklik.inbox.models import Message
from otklik.incidents import actions
from otklik.incidents.models import Event, Incident
from otklik.incidents.queries import incident_queryset
from otklik.incidents.states import NoAnswer, Priority, Resolution, Status

router = Router(tags=["Инциденты"])


class IncidentOut(Schema):
    id: int
    title: str
    status: str
    priority: str
    resolution: str
    category: Ref | None = None
    department: Ref | None = None
    territory: Ref | None = None
    address_text: str
    assignee: Person | None = None
    created_at: datetime
    updated_at: datetime
    first_reply_due: datetime | None = None
    final_answer_due: datetime | None = None
    closed_at: datetime | None = None
    is_overdue: bool
    is_formal_appeal: bool
    resonance: int
    report_count: int


class EventOut(Schema):
    kind: str
    summary: str
    comment: str
    actor: Person | None = None
    created_at: datetime


class IncidentDetail(IncidentOut):
    description: str
    created_by: Person | None = None
    message_ids: list[int]
    events: list[EventOut]


class IncidentPage(pagination.Page):
    items: list[IncidentOut]


class IncidentIn(Schema):
    messages: list[Id] = Field(..., min_length=1, max_length=200, description="Номера сообщений")
    title: str = plain(300, description="Пусто — из текста первого сообщения")
    category: Id | None = None
    department: Id | None = None
    territory: Id | None = None
    address_text: str = plain(500)
    priority: choice(Priority) = Priority.NORMAL.value
    comment: str = plain(5000)
    is_formal_appeal: bool = False


class AssignIn(Schema):
    department: Id | None = Field(None, description="Пусто — без подразделения")
    assignee: Id | None = Field(None, description="Исполнитель этого подразделения")
    comment: str = plain(5000)


class StatusIn(Schema):
    status: choice(Status)
    comment: str = plain(5000)
    resolution: choice(Resolution) | None = Field(None, description="Итог, нужен для закрытия")
    no_answer: choice(NoAnswer) | None = Field(None, description="Закрыть без ответа: причина")


def out(incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.pk,
        "title": incident.title,
        "status": incident.status,
        "priority": incident.priority,
        "resolution": incident.resolution,
        "category": ref(incident.category),
        "department": ref(incident.department),
        "territory": ref(incident.territory),
        "address_text": incident.address_text,
        "assignee": person(incident.assignee),
        "created_at": incident.created_at,
        "updated_at": incident.updated_at,
        "first_reply_due": incident.first_reply_due,
        "final_answer_due": incident.final_answer_due,
        "closed_at": incident.closed_at,
        "is_overdue": incident.is_overdue,
        "is_formal_appeal": incident.is_formal_appeal,
        "resonance": incident.resonance,
        "report_count": getattr(incident, "report_count", 0),
    }


def detail(incident: Incident) -> dict[str, Any]:
    events = [
        {
            "kind": e.kind,
            "summary": e.summary,
            "comment": e.comment,
            "actor": person(e.actor),
            "created_at": e.created_at,
        }
        for e in incident.events.all()
    ]
    return {
        **out(incident),
        "description": incident.description,
        "created_by": person(incident.created_by),
        "message_ids": [m.pk for m in incident.messages.all()],
        "events": events,
    }


def visible(user: User) -> QuerySet[Incident]:
    return scope_incidents(
        user,
        Incident.objects.select_related(
            "category", "department", "territory", "assignee", "created_by"
        ),
    )


def load(user: User, pk: int) -> Incident:
    qs = (
        visible(user)
        .annotate(report_count=Count("messages"))
        .prefetch_related(
            Prefetch("events", Event.objects.select_related("actor").order_by("created_at", "id")),
            Prefetch(
                "messages", Message.objects.only("id", "incident_id").order_by("created_at", "id")
            ),
        )
    )
    return get_object_or_404(qs, pk=pk)


def find(model: type, pk: int | None, field: str, **where: Any) -> Any:
    """A referenced row, or a field error naming it."""
    if pk is None:
        return None
    found = model.objects.filter(pk=pk, **where).first()
    if found is None:
        raise ValidationError({field: [f"Нет записи с номером {pk}"]})
    return found


@router.get("/", response=IncidentPage, summary="Список инцидентов")
def incident_list(
    request: HttpRequest,
    state: str | None = None,
    department: OptionalId = None,
    territory: OptionalId = None,
    category: OptionalId = None,
    priority: choice(Priority) | None = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    q: SearchText = None,
    cursor: Cursor = None,
    limit: Limit = pagination.DEFAULT_LIMIT,
) -> dict[str, Any]:
    """`state`: open (открытые), overdue (просроченные), статус или пусто — все. Новые первыми;
    категория — тема или её группа. Исполнитель видит только своё подразделение."""
    user = user_of(request)
    filters = {
        "state": state if state in {"open", "overdue", *Status.values} else "",
        "department": department,
        "territory": territory,
        "category": category,
        "priority": priority,
        "q": q,
    }
    qs = incident_queryset(user, filters)
    if date_from:
        qs = qs.filter(created_at__gte=day_start(date_from))
    if date_to:
        qs = qs.filter(created_at__lte=day_end(date_to))
    rows, after = pagination.page(qs, key="created_at", descending=True, cursor=cursor, limit=limit)
    return {"items": [out(i) for i in rows], "next": after}


@router.get("/{pk}/", response={200: IncidentDetail, **errors(404)}, summary="Инцидент")
def incident_detail(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    """С номерами сообщений-обращений и журналом событий."""
    return detail(load(user_of(request), pk))


@router.post(
    "/", response={201: IncidentDetail, **errors(403, 422)}, summary="Создать из сообщений"
)
def incident_create(request: HttpRequest, payload: IncidentIn) -> Created:
    """Только пресс-служба. Сообщения — из тех, что видны токену."""
    user = user_of(request)
    if not can_triage(user):  # before looking at the messages, as the inbox's bulk action
        raise PermissionDenied("Это может сделать только пресс-служба")
    wanted = list(dict.fromkeys(payload.messages))
    chosen = list(scope_messages(user, Message.objects.filter(pk__in=wanted)))
    missing = sorted(set(wanted) - {m.pk for m in chosen})
    if missing:
        raise ValidationError(
            {"messages": [f"Нет сообщений с номерами {', '.join(map(str, missing))}"]}
        )
    incident = actions.create_incident(
        user,
        chosen,
        title=payload.title,
        category=find(Category, payload.category, "category"),
        department=find(Department, payload.department, "department", is_active=True),
        territory=find(Territory, payload.territory, "territory"),
        address_text=payload.address_text,
        priority=payload.priority,
        comment=payload.comment,
        is_formal_appeal=payload.is_formal_appeal,
    )
    return Created(201, detail(load(user, incident.pk)))


@router.post(
    "/{pk}/assign/",
    response={200: IncidentDetail, **errors(403, 404, 422)},
    summary="Назначить подразделение и исполнителя",
)
def incident_assign(request: HttpRequest, pk: PathId, payload: AssignIn) -> dict[str, Any]:
    """Подразделение меняет только пресс-служба; исполнитель подразделения выбирает
    исполнителя в нём."""
    user = user_of(request)
    incident = load(user, pk)
    department = find(Department, payload.department, "department", is_active=True)
    if not can_triage(user):  # as on the card: an executor picks a person, not a department
        department = incident.department
    assignee = find(User, payload.assignee, "assignee", role=Role.EXECUTOR, is_active=True)
    actions.assign(user, incident, department, assignee, payload.comment)
    return detail(load(user, pk))


@router.post(
    "/{pk}/status/",
    response={200: IncidentDetail, **errors(403, 404, 422)},
    summary="Сменить статус",
)
def incident_status(request: HttpRequest, pk: PathId, payload: StatusIn) -> dict[str, Any]:
    """По разрешённым переходам; закрытие требует итога (resolution)."""
    user = user_of(request)
    incident = load(user, pk)
    actions.change_status(
        user,
        incident,
        payload.status,
        payload.comment,
        payload.resolution or "",
        payload.no_answer or "",
    )
    return detail(load(user, pk))
