"""The only writers of incidents. Every action records an Event; views only validate and call."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from otklik.accounts.models import User
from otklik.accounts.permissions import can_edit_incident, can_triage
from otklik.cities.models import Category, Department, Territory
from otklik.inbox.models import Message
from otklik.inbox.plain import plain_text
from otklik.incidents.deadlines import compute_deadlines
from otklik.incidents.models import Event, Incident
from otklik.incidents.states import Priority, Resolution, Status, can_transition

TITLE_CHARS = 120


def _event(
    incident: Incident, actor: User | None, kind: str, comment: str = "", **data: Any
) -> Event:
    return Event.objects.create(
        incident=incident, actor=actor, kind=kind, comment=comment, data=data
    )


def _learn(actor: User, incident: Incident) -> None:
    """Decisions that differ from the triage suggestion become labelled examples."""
    from otklik.suggestions.actions import record_decisions

    record_decisions(actor, incident)


def _notify_assigned(incident: Incident) -> None:
    """The assignee (or the department's executors) hear about it: queued, sent by the worker."""
    from otklik.notify.actions import on_assigned

    on_assigned(incident)


def title_from(text: str) -> str:
    flat = " ".join(plain_text(text).split())
    return flat if len(flat) <= TITLE_CHARS else flat[: TITLE_CHARS - 1] + "…"


def _require_triage(actor: User) -> None:
    if not can_triage(actor):
        raise PermissionDenied("Only the press service can do this")


def _require_edit(actor: User, incident: Incident) -> None:
    if not can_edit_incident(actor, incident):
        raise PermissionDenied("You may not change this incident")


def _link(incident: Incident, messages: Sequence[Message], actor: User) -> list[int]:
    ids = [m.id for m in messages]
    now = timezone.now()
    Message.objects.filter(id__in=ids).update(
        incident=incident, status=Message.Status.LINKED, handled_by=actor, handled_at=now
    )
    for message in messages:
        message.incident, message.status = incident, Message.Status.LINKED
    _refresh_resonance(incident)
    return ids


def _refresh_resonance(incident: Incident) -> None:
    stats = Message.objects.filter(incident=incident).aggregate(n=Count("id"))
    likes = sum(Message.objects.filter(incident=incident).values_list("likes", flat=True))
    Incident.objects.filter(pk=incident.pk).update(resonance=stats["n"] + likes)


@transaction.atomic
def create_incident(
    actor: User,
    messages: Sequence[Message],
    *,
    title: str = "",
    category: Category | None = None,
    department: Department | None = None,
    territory: Territory | None = None,
    address_text: str = "",
    priority: str = Priority.NORMAL,
    comment: str = "",
) -> Incident:
    """An incident from one or more messages (its reports)."""
    _require_triage(actor)
    if not messages:
        raise ValidationError("Выберите хотя бы одно сообщение")
    first = min(messages, key=lambda m: m.created_at)
    start = first.created_at
    first_due, final_due = compute_deadlines(category, priority, start)
    incident = Incident.objects.create(
        title=title.strip() or title_from(first.text),
        description=first.text,
        category=category,
        department=department or (category.default_department if category else None),
        territory=territory or first.territory,
        address_text=address_text or first.address_text,
        priority=priority,
        created_by=actor,
        created_at=timezone.now(),
        first_reply_due=first_due,
        final_answer_due=final_due,
    )
    ids = _link(incident, messages, actor)
    _event(incident, actor, Event.Kind.CREATED, comment, messages=ids)
    _learn(actor, incident)
    if incident.department_id:
        incident.status = Status.ASSIGNED
        incident.save(update_fields=["status"])
        _event(incident, actor, Event.Kind.ASSIGNED, department=incident.department_id)
        _notify_assigned(incident)
    return incident


@transaction.atomic
def attach_messages(actor: User, incident: Incident, messages: Sequence[Message]) -> None:
    """Repeated reports of the same problem join the incident and raise its resonance."""
    _require_triage(actor)
    if not messages:
        raise ValidationError("Выберите хотя бы одно сообщение")
    moved_from = sorted(
        {m.incident_id for m in messages if m.incident_id and m.incident_id != incident.pk}
    )
    ids = _link(incident, messages, actor)
    _event(incident, actor, Event.Kind.MESSAGES_ATTACHED, messages=ids, moved_from=moved_from)
    Incident.objects.filter(pk=incident.pk).update(updated_at=timezone.now())


@transaction.atomic
def detach_message(actor: User, incident: Incident, message: Message, comment: str = "") -> None:
    _require_triage(actor)
    if not Message.objects.filter(pk=message.pk, incident=incident).exists():
        raise ValidationError("Сообщение не относится к этому инциденту")
    if Message.objects.filter(incident=incident).count() <= 1:
        raise ValidationError("Нельзя отделить последнее сообщение инцидента")
    Message.objects.filter(pk=message.pk).update(incident=None, status=Message.Status.NEW)
    message.incident, message.status = None, Message.Status.NEW
    _refresh_resonance(incident)
    _event(incident, actor, Event.Kind.MESSAGES_DETACHED, comment, messages=[message.pk])


@transaction.atomic
def assign(
    actor: User,
    incident: Incident,
    department: Department | None,
    assignee: User | None = None,
    comment: str = "",
) -> None:
    """Route to a department (press service) or pick an executor inside it."""
    _require_edit(actor, incident)
    if department != incident.department and not can_triage(actor):
        raise PermissionDenied("Only the press service can change the department")
    if assignee is not None:
        if assignee.department_id != (department.pk if department else None):
            raise ValidationError("Исполнитель должен работать в выбранном подразделении")
    before = {"department": incident.department_id, "assignee": incident.assignee_id}
    incident.department = department
    incident.assignee = assignee
    incident.updated_at = timezone.now()
    fields = ["department", "assignee", "updated_at"]
    if department is not None and incident.status in {Status.NEW, Status.TRIAGED}:
        incident.status = Status.ASSIGNED
        fields.append("status")
    incident.save(update_fields=fields)
    _event(
        incident,
        actor,
        Event.Kind.ASSIGNED,
        comment,
        before=before,
        department=incident.department_id,
        assignee=incident.assignee_id,
    )
    _learn(actor, incident)
    _notify_assigned(incident)


@transaction.atomic
def change_status(
    actor: User, incident: Incident, status: str, comment: str = "", resolution: str = ""
) -> None:
    _require_edit(actor, incident)
    if not can_transition(incident.status, status):
        raise ValidationError(
            f"Переход «{incident.get_status_display()}» → «{Status(status).label}» не разрешён"
        )
    if status == Status.CLOSED:
        if resolution not in Resolution.values:
            raise ValidationError("Укажите итог закрытия")
        incident.resolution = resolution
        incident.closed_at = timezone.now()
    elif status == Status.REOPENED:
        if not comment.strip():
            raise ValidationError("Укажите причину повторного открытия")
        incident.resolution = ""
        incident.closed_at = None
    before = incident.status
    incident.status = status
    incident.updated_at = timezone.now()
    incident.save(update_fields=["status", "resolution", "closed_at", "updated_at"])
    _event(
        incident,
        actor,
        Event.Kind.STATUS_CHANGED,
        comment,
        before=before,
        after=status,
        resolution=incident.resolution,
    )


@transaction.atomic
def update_details(actor: User, incident: Incident, comment: str = "", **changes: Any) -> None:
    """Title, category, territory, address, priority: what the moderator corrects."""
    _require_edit(actor, incident)
    allowed = {"title", "category", "territory", "address_text", "priority"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    changed: dict[str, Any] = {}
    for name, value in changes.items():
        if getattr(incident, name) != value:
            setattr(incident, name, value)
            changed[name] = getattr(value, "pk", value)
    if not changed:
        return
    if "category" in changed or "priority" in changed:
        first_due, final_due = compute_deadlines(
            incident.category, incident.priority, incident.created_at
        )
        incident.first_reply_due, incident.final_answer_due = first_due, final_due
        changed["deadlines"] = [first_due.isoformat(), final_due.isoformat()]
    incident.updated_at = timezone.now()
    incident.save()
    _event(incident, actor, Event.Kind.UPDATED, comment, changes=changed)
    _learn(actor, incident)


@transaction.atomic
def add_comment(actor: User, incident: Incident, comment: str) -> None:
    _require_edit(actor, incident)
    if not comment.strip():
        raise ValidationError("Комментарий пуст")
    _event(incident, actor, Event.Kind.COMMENTED, comment.strip()[:5000])
