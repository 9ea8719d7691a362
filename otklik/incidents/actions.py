"""The only writers of incidents. Every action records an Event; views only validate and call."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from otklik.accounts.models import User
from otklik.accounts.permissions import can_edit_incident, can_triage
from otklik.cities.models import Category, Department, Territory
from otklik.inbox.actions import link_messages, unlink_message
from otklik.inbox.models import Message
from otklik.inbox.plain import plain_text
from otklik.incidents import signals
from otklik.incidents.deadlines import resolve_deadlines
from otklik.incidents.models import Event, Incident
from otklik.incidents.states import NoAnswer, Priority, Resolution, Status, can_transition
from otklik.photos import Picture

TITLE_CHARS = 120


def record_event(
    incident: Incident,
    actor: User | None,
    kind: str,
    comment: str = "",
    *,
    at: datetime | None = None,
    **data: Any,
) -> Event:
    """One line of the incident's audit trail; every action writes it through here. A status
    change is announced from here, so no action that moves an incident can forget to."""
    event = Event.objects.create(
        incident=incident,
        actor=actor,
        kind=kind,
        comment=comment,
        data=data,
        created_at=at or timezone.now(),
    )
    if kind == Event.Kind.STATUS_CHANGED:
        signals.incident_status_changed.send(sender=Incident, incident=incident, event=event)
    return event


def _assignment(incident: Incident) -> dict[str, Any]:
    """Who the incident went to, with the names as they were then, for the history line."""
    department, assignee = incident.department, incident.assignee
    return {
        "department": incident.department_id,
        "assignee": incident.assignee_id,
        "department_name": department.name if department else "",
        "assignee_name": (assignee.get_full_name() or assignee.username) if assignee else "",
    }


def _learn(actor: User, incident: Incident) -> None:
    """Decisions that differ from the triage suggestion become labelled examples (suggestions
    listens)."""
    signals.incident_decided.send(sender=Incident, actor=actor, incident=incident)


def _notify_assigned(incident: Incident) -> None:
    """The assignee (or the department's executors) hear about it: queued, sent by the worker
    (notify listens)."""
    signals.incident_assigned.send(sender=Incident, incident=incident)


def title_from(text: str) -> str:
    flat = " ".join(plain_text(text).split())
    return flat if len(flat) <= TITLE_CHARS else flat[: TITLE_CHARS - 1] + "…"


def _require_triage(actor: User) -> None:
    if not can_triage(actor):
        raise PermissionDenied("Это может сделать только пресс-служба")


def _require_edit(actor: User, incident: Incident) -> None:
    if not can_edit_incident(actor, incident):
        raise PermissionDenied("Изменять этот инцидент вам нельзя")


def _link(incident: Incident, messages: Sequence[Message], actor: User | None) -> list[int]:
    ids = link_messages(messages, incident, actor)
    _refresh_resonance(incident)
    return ids


def _refresh_resonance(incident: Incident) -> None:
    """Reports plus their likes, in one aggregate query."""
    stats = Message.objects.filter(incident=incident).aggregate(n=Count("id"), likes=Sum("likes"))
    Incident.objects.filter(pk=incident.pk).update(resonance=stats["n"] + (stats["likes"] or 0))


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
    is_formal_appeal: bool = False,
) -> Incident:
    """An incident from one or more messages (its reports)."""
    _require_triage(actor)
    if not messages:
        raise ValidationError("Выберите хотя бы одно сообщение")
    first = min(messages, key=lambda m: m.created_at)
    start = first.created_at
    clocks = resolve_deadlines(category, priority, start, formal_appeal=is_formal_appeal)
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
        first_reply_due=clocks.first_reply_due,
        final_answer_due=clocks.final_answer_due,
        first_reply_in_working_time=clocks.first_reply_in_working_time,
        final_in_working_days=clocks.final_in_working_days,
        is_formal_appeal=is_formal_appeal,
    )
    ids = _link(incident, messages, actor)
    record_event(incident, actor, Event.Kind.CREATED, comment, messages=ids, rule=clocks.rule)
    _learn(actor, incident)
    if incident.department_id:
        incident.status = Status.ASSIGNED
        incident.save(update_fields=["status"])
        record_event(incident, actor, Event.Kind.ASSIGNED, **_assignment(incident))
        _notify_assigned(incident)
    signals.incident_created.send(sender=Incident, incident=incident)
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
    record_event(incident, actor, Event.Kind.MESSAGES_ATTACHED, messages=ids, moved_from=moved_from)
    Incident.objects.filter(pk=incident.pk).update(updated_at=timezone.now())


@transaction.atomic
def detach_message(actor: User, incident: Incident, message: Message, comment: str = "") -> None:
    _require_triage(actor)
    if not Message.objects.filter(pk=message.pk, incident=incident).exists():
        raise ValidationError("Сообщение не относится к этому инциденту")
    if Message.objects.filter(incident=incident).count() <= 1:
        raise ValidationError("Нельзя отделить последнее сообщение инцидента")
    unlink_message(message)
    _refresh_resonance(incident)
    record_event(incident, actor, Event.Kind.MESSAGES_DETACHED, comment, messages=[message.pk])


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
        raise PermissionDenied("Подразделение меняет только пресс-служба")
    if assignee is not None:
        if assignee.department_id != (department.pk if department else None):
            raise ValidationError("Исполнитель должен работать в выбранном подразделении")
    before = {"department": incident.department_id, "assignee": incident.assignee_id}
    after = {"department": department.pk if department else None,
             "assignee": assignee.pk if assignee else None}  # fmt: skip
    if before == after:
        raise ValidationError("Назначение не изменилось: подразделение и исполнитель те же")
    incident.department = department
    incident.assignee = assignee
    incident.updated_at = timezone.now()
    fields = ["department", "assignee", "updated_at"]
    if department is not None and incident.status in {Status.NEW, Status.TRIAGED}:
        incident.status = Status.ASSIGNED
        fields.append("status")
    incident.save(update_fields=fields)
    record_event(
        incident,
        actor,
        Event.Kind.ASSIGNED,
        comment,
        before=before,
        **_assignment(incident),
    )
    _learn(actor, incident)
    _notify_assigned(incident)


@transaction.atomic
def change_status(
    actor: User,
    incident: Incident,
    status: str,
    comment: str = "",
    resolution: str = "",
    no_answer: str = "",
) -> None:
    """Move along the allowed transitions. Closing needs a resolution; closing without an answer
    (insults, a closed profile) records that reason too."""
    _require_edit(actor, incident)
    if not can_transition(incident.status, status):
        raise ValidationError(
            f"Переход «{incident.get_status_display()}» → «{Status(status).label}» не разрешён"
        )
    if no_answer and status != Status.CLOSED:
        raise ValidationError("Без ответа можно только закрыть инцидент")
    if status == Status.CLOSED:
        if no_answer:
            _check_no_answer(incident, no_answer, comment)
            resolution = resolution or Resolution.SPAM
        if resolution not in Resolution.values:
            raise ValidationError("Укажите итог закрытия")
        incident.resolution = resolution
        incident.no_answer_reason = no_answer
        incident.closed_at = timezone.now()
    extra: dict[str, Any] = {"no_answer": no_answer} if no_answer else {}
    fields = ["status", "resolution", "no_answer_reason", "closed_at", "updated_at"]
    if status == Status.REOPENED:
        if not comment.strip():
            raise ValidationError("Укажите причину повторного открытия")
        incident.resolution = ""
        incident.no_answer_reason = ""
        incident.closed_at = None
        extra["rule"] = _restart_clocks(incident, timezone.now())
        fields += CLOCK_FIELDS
    before = incident.status
    incident.status = status
    incident.updated_at = timezone.now()
    incident.save(update_fields=fields)
    record_event(
        incident,
        actor,
        Event.Kind.STATUS_CHANGED,
        comment,
        before=before,
        after=status,
        resolution=incident.resolution,
        **extra,
    )


@transaction.atomic
def advance_status(actor: User | None, incident: Incident, status: str, comment: str = "") -> None:
    """Move the incident as its answer moves (otklik.answers calls it; the publishing worker acts
    without a user, so the role check is the calling action's). Only an allowed transition;
    the status it already has is no change and records nothing."""
    before = incident.status
    if before == status:
        return
    if not can_transition(before, status):
        raise ValidationError(
            f"Переход «{incident.get_status_display()}» → «{Status(status).label}» не разрешён"
        )
    incident.status = status
    incident.updated_at = timezone.now()
    incident.save(update_fields=["status", "updated_at"])
    record_event(incident, actor, Event.Kind.STATUS_CHANGED, comment, before=before, after=status)


CLOCK_FIELDS = [
    "first_reply_due",
    "final_answer_due",
    "first_reply_in_working_time",
    "final_in_working_days",
    "first_replied_at",
    "reopened_at",
]


def _restart_clocks(incident: Incident, at: datetime) -> dict[str, Any]:
    """A reopened incident owes the resident a reply again: both clocks run anew from `at`, on
    the working calendar and by the same rule (preset, 59-FZ) as at registration; the first
    reply clock is no longer stopped, and escalation re-arms from `at` (notify.sla reads
    `reopened_at`). Returns the rule for the Event, as creation records it."""
    clocks = resolve_deadlines(
        incident.category, incident.priority, at, formal_appeal=incident.is_formal_appeal
    )
    incident.first_reply_due = clocks.first_reply_due
    incident.final_answer_due = clocks.final_answer_due
    incident.first_reply_in_working_time = clocks.first_reply_in_working_time
    incident.final_in_working_days = clocks.final_in_working_days
    incident.first_replied_at = None
    incident.reopened_at = at
    return {**clocks.rule, "text": f"{clocks.rule['text']}; сроки заново с повторного открытия"}


def record_first_reply(incident: Incident, at: datetime) -> bool:
    """The first public reply went out: the first-reply clock stops, once; True if it did now."""
    stopped = Incident.objects.filter(pk=incident.pk, first_replied_at__isnull=True).update(
        first_replied_at=at
    )
    return bool(stopped)


def _check_no_answer(incident: Incident, reason: str, comment: str) -> None:
    if reason not in NoAnswer.values:
        raise ValidationError("Неизвестная причина закрытия без ответа")
    if reason == NoAnswer.INSULT and not comment.strip():
        raise ValidationError("Опишите в комментарии, в чём оскорбление")
    if reason == NoAnswer.CLOSED_PROFILE:
        closed = incident.messages.filter(author__is_closed_profile=True).exists()
        if not closed:
            raise ValidationError("Ни у одного автора сообщений профиль не закрыт")


def repeated_reports(incident: Incident) -> int:
    """Reports beyond the first: the repeated reports of the same problem."""
    return max(incident.messages.count() - 1, 0)


def _require_merge(actor: User) -> None:
    if not (can_triage(actor) and actor.can_write):
        raise PermissionDenied("Объединять и разделять инциденты может только пресс-служба")


@transaction.atomic
def merge_incidents(
    actor: User, target: Incident, others: Sequence[Incident], comment: str = ""
) -> Incident:
    """The others' reports move to `target`; each other is closed as a duplicate linking to it."""
    _require_merge(actor)
    others = [o for o in others if o.pk != target.pk]
    if not others:
        raise ValidationError("Выберите инциденты, которые нужно присоединить")
    if not target.is_open:
        raise ValidationError(f"Инцидент #{target.pk} закрыт: объединять с ним нельзя")
    closed = [f"#{o.pk}" for o in others if not o.is_open]
    if closed:
        raise ValidationError(f"Закрытые инциденты не объединяются: {', '.join(closed)}")
    moved = list(Message.objects.filter(incident__in=others).order_by("created_at", "id"))
    origin = {m.pk: m.incident_id for m in moved}
    ids = _link(target, moved, actor)
    now = timezone.now()
    for other in others:
        own = [pk for pk, incident_id in origin.items() if incident_id == other.pk]
        before = other.status
        other.status, other.resolution, other.duplicate_of = (
            Status.CLOSED,
            Resolution.DUPLICATE,
            target,
        )
        other.closed_at = other.updated_at = now
        other.resonance = 0
        other.save(
            update_fields=[
                "status",
                "resolution",
                "duplicate_of",
                "closed_at",
                "updated_at",
                "resonance",
            ]
        )
        record_event(other, actor, Event.Kind.MERGED, comment, into=target.pk, messages=own)
        record_event(
            other,
            actor,
            Event.Kind.STATUS_CHANGED,
            f"Дубликат инцидента #{target.pk}",
            before=before,
            after=Status.CLOSED,
            resolution=Resolution.DUPLICATE,
            duplicate_of=target.pk,
        )
    record_event(
        target, actor, Event.Kind.MERGED, comment, merged=[o.pk for o in others], messages=ids
    )
    Incident.objects.filter(pk=target.pk).update(updated_at=now)
    return target


@transaction.atomic
def split_incident(
    actor: User,
    incident: Incident,
    messages: Sequence[Message],
    *,
    title: str = "",
    department: Department | None = None,
    comment: str = "",
) -> Incident:
    """Some reports turn out to be another problem: they become a new incident."""
    _require_merge(actor)
    ids = {m.pk for m in messages}
    if not ids:
        raise ValidationError("Выберите сообщения, которые нужно выделить")
    own = set(incident.messages.values_list("pk", flat=True))
    if not ids <= own:
        raise ValidationError("Выделить можно только сообщения этого инцидента")
    if ids == own:
        raise ValidationError("В инциденте должно остаться хотя бы одно сообщение")
    new = create_incident(
        actor,
        list(messages),
        title=title,
        category=incident.category,
        department=department or incident.department,
        territory=incident.territory,
        priority=incident.priority,
        comment=comment,
    )
    _refresh_resonance(incident)
    record_event(
        new, actor, Event.Kind.SPLIT, comment, **{"from": incident.pk}, messages=sorted(ids)
    )
    record_event(incident, actor, Event.Kind.SPLIT, comment, new=new.pk, messages=sorted(ids))
    Incident.objects.filter(pk=incident.pk).update(updated_at=timezone.now())
    return new


@transaction.atomic
def reopen_from_resident(incident: Incident, message: Message, reason: str) -> bool:
    """The resident says the problem is not solved: reopen (no user acts; the worker calls it).

    The reply joins the incident's reports. False when the incident cannot be reopened."""
    incident.refresh_from_db()
    if not can_transition(incident.status, Status.REOPENED):
        return False
    _link(incident, [message], None)
    before = incident.status
    incident.status = Status.REOPENED
    incident.resolution = incident.no_answer_reason = ""
    incident.closed_at = None
    incident.updated_at = timezone.now()
    rule = _restart_clocks(incident, incident.updated_at)
    incident.save(
        update_fields=[
            "status", "resolution", "no_answer_reason", "closed_at", "updated_at", *CLOCK_FIELDS
        ]
    )  # fmt: skip
    event = record_event(
        incident,
        None,
        Event.Kind.STATUS_CHANGED,
        reason,
        before=before,
        after=Status.REOPENED,
        resolution="",
        reason="resident",
        message=message.pk,
        rule=rule,
    )
    signals.incident_reopened.send(sender=Incident, incident=incident, event=event, reason=reason)
    return True


@transaction.atomic
def update_details(actor: User, incident: Incident, comment: str = "", **changes: Any) -> None:
    """Title, category, territory, address, priority: what the moderator corrects; whether it is
    a formal appeal under 59-FZ: the press service only. Category, priority and the 59-FZ mark
    recount both clocks from registration, and the Event records the rule that set them."""
    _require_edit(actor, incident)
    allowed = {"title", "category", "territory", "address_text", "priority", "is_formal_appeal"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    if "is_formal_appeal" in changes and changes["is_formal_appeal"] != incident.is_formal_appeal:
        _require_triage(actor)
    changed: dict[str, Any] = {}
    for name, value in changes.items():
        if getattr(incident, name) != value:
            setattr(incident, name, value)
            changed[name] = getattr(value, "pk", value)
    if not changed:
        return
    rule: dict[str, Any] = {}
    if {"category", "priority", "is_formal_appeal"} & set(changed):
        clocks = resolve_deadlines(
            incident.category,
            incident.priority,
            incident.created_at,
            formal_appeal=incident.is_formal_appeal,
        )
        incident.first_reply_due = clocks.first_reply_due
        incident.final_answer_due = clocks.final_answer_due
        incident.first_reply_in_working_time = clocks.first_reply_in_working_time
        incident.final_in_working_days = clocks.final_in_working_days
        changed["deadlines"] = [
            clocks.first_reply_due.isoformat(),
            clocks.final_answer_due.isoformat(),
        ]
        rule = {"rule": clocks.rule}
    incident.updated_at = timezone.now()
    incident.save()
    record_event(incident, actor, Event.Kind.UPDATED, comment, changes=changed, **rule)
    _learn(actor, incident)


@transaction.atomic
def add_comment(actor: User, incident: Incident, comment: str) -> None:
    _require_edit(actor, incident)
    if not comment.strip():
        raise ValidationError("Комментарий пуст")
    record_event(incident, actor, Event.Kind.COMMENTED, comment.strip()[:5000])


@transaction.atomic
def mark_public(actor: User, incident: Incident, public: bool) -> bool:
    """Show the incident as an example of a solved problem on the public page /open/, or take
    it off: the press service decides. Returns whether anything changed."""
    _require_triage(actor)
    if not actor.can_write:
        raise PermissionDenied("Это может сделать только пресс-служба")
    if incident.is_public == public:
        return False
    incident.is_public = public
    incident.updated_at = timezone.now()
    incident.save(update_fields=["is_public", "updated_at"])
    record_event(incident, actor, Event.Kind.PUBLICITY, public=public)
    return True


def depersonalise_incidents(
    incident_ids: Sequence[int], mask: Callable[[str], str]
) -> tuple[int, int]:
    """Retention (otklik.privacy): the free texts of closed incidents and of their events masked
    by `mask`; statuses, dates, categories, departments, territories and deadlines stay, and no
    event is added (the act of destruction is the record). Idempotent. (incidents, events)."""
    incidents = list(
        Incident.objects.filter(id__in=incident_ids).only("id", "title", "description")
    )
    for incident in incidents:
        incident.title = mask(incident.title)[:300]
        incident.description = mask(incident.description)
    Incident.objects.bulk_update(incidents, ["title", "description"], batch_size=500)
    events = list(
        Event.objects.filter(incident_id__in=incident_ids).exclude(comment="").only("id", "comment")
    )
    for event in events:
        event.comment = mask(event.comment)
    Event.objects.bulk_update(events, ["comment"], batch_size=500)
    return len(incidents), len(events)


#: Photos of one progress report, at most.
MAX_PROGRESS_PHOTOS = 6


@transaction.atomic
def report_progress(
    actor: User, incident: Incident, comment: str, photos: Sequence[tuple[Picture, Picture]]
) -> Event:
    """A progress report from the site: a comment with clean photos (each with its thumbnail,
    already re-encoded by otklik.photos), kept under MEDIA_ROOT/incidents/<pk>/."""
    _require_edit(actor, incident)
    if not comment.strip() and not photos:
        raise ValidationError("Напишите, что сделано, или приложите фото")
    if len(photos) > MAX_PROGRESS_PHOTOS:
        raise ValidationError(f"Не более {MAX_PROGRESS_PHOTOS} фото в одном отчёте")
    kept = []
    for photo, thumb in photos:
        stem = f"incidents/{incident.pk}/progress-{uuid.uuid4().hex}"
        kept.append(
            {
                "type": "photo",
                "path": default_storage.save(f"{stem}{photo.extension}", ContentFile(photo.data)),
                "thumb": default_storage.save(
                    f"{stem}-thumb{thumb.extension}", ContentFile(thumb.data)
                ),
                "width": photo.width,
                "height": photo.height,
            }
        )
    text = comment.strip()[:5000] or "Фото с места"
    return record_event(incident, actor, Event.Kind.COMMENTED, text, progress=True, photos=kept)
