"""The demo's handled incidents: their timelines written at once, as the demo seed writes the past.

For each planned incident (otklik.demo.timeline) the registration, the first reply, the final
answer and the closing move to their planned moments; the first reply and the final answer are
published answers with their publications (as otklik.demo.library writes its past answers),
so the dashboard's first-reply clock, the report's on-time shares and the public figures read
them; the history lines (Events) carry the same moments. A share of the answered residents reply
with a verdict (`ratings`), read as otklik.demo.library reads its own.

Set-based: a few bulk statements for hundreds of incidents, the way the seed backdates its
incidents (their actions record the present moment; the demo's past is written after them).
"""

from __future__ import annotations

import io
import json
import random
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db.models import DateTimeField, ExpressionWrapper, OuterRef, Q, Subquery
from django.utils import timezone

from otklik.accounts.models import User
from otklik.answers.actions.resident import resident_bot
from otklik.answers.models import Answer, AnswerRating, Publication
from otklik.demo.library import REPLIES, TEMPLATES, resident_row, sent_publication
from otklik.demo.timeline import Plan
from otklik.inbox.actions import dismiss_messages
from otklik.inbox.models import Message
from otklik.incidents.models import Event, Incident
from otklik.incidents.states import Status
from otklik.sources.importer import import_stream
from otklik.sources.models import Source

Reply = tuple[str, bool | None, int | None]
#: The share of answered residents who reply with a verdict.
RATED = 0.2
CLOSING = {
    "resolved": "Работы выполнены, житель уведомлён.",
    "explained": "Дано разъяснение, житель уведомлён.",
    "not_ours": "Передано по принадлежности, житель уведомлён.",
}
FINAL_TEXTS = {
    "resolved": "Здравствуйте! {where}работы выполнены, ответственное подразделение: "
    "{department}. Спасибо, что сообщили; если проблема повторится, напишите нам.",
    "explained": "Здравствуйте! {where}специалисты проверили обращение и дали разъяснение "
    "({department}): работы включены в план, о сроках сообщим дополнительно.",
    "not_ours": "Здравствуйте! Вопрос не относится к полномочиям администрации; обращение "
    "передано по принадлежности, {department} проконтролирует ответ.",
}


def write(plans: list[Plan], press: User, fresh: bool) -> int:
    """Write the plans; `fresh`: incidents just registered, whose way to in work and to closed
    (status and history lines) is written here too."""
    if not plans:
        return 0
    route = [e for plan in plans for e in _route(plan, press)] if fresh else []
    _incidents(plans, fresh)
    _events(plans, route)
    firsts = _first_reports([p.incident.pk for p in plans])
    _answers(plans, press, firsts)
    return len(plans)


def _incidents(plans: list[Plan], fresh: bool) -> None:
    """One UPDATE per incident (Django's bulk_update builds a CASE per row and field, slower
    here than the updates themselves)."""
    for plan in plans:
        changes: dict[str, Any] = {
            "created_at": plan.taken,
            "updated_at": plan.closed or plan.first or plan.taken,
            "first_replied_at": plan.first,
        }
        if plan.closed is not None:
            changes |= {"closed_at": plan.closed, "status": Status.CLOSED}
            if fresh:  # else the closing action chose it
                changes["resolution"] = plan.resolution
        elif fresh:
            changes["status"] = Status.IN_WORK
        Incident.objects.filter(pk=plan.incident.pk).update(**changes)
        for name, value in changes.items():
            setattr(plan.incident, name, value)


def _events(plans: list[Plan], route: list[Event]) -> None:
    """The history lines at the plan's moments: those the actions wrote move to the incident's
    registration (a status change twenty minutes after it, the closing to its closing), set-
    based; a fresh incident's route to «closed» is written here."""
    ids = [p.incident.pk for p in plans]
    events = Event.objects.filter(incident_id__in=ids)
    status = Q(kind=Event.Kind.STATUS_CHANGED)
    closing = status & Q(data__after=Status.CLOSED)
    events.exclude(status).update(created_at=_of_incident("created_at"))
    events.filter(status).exclude(closing).update(
        created_at=ExpressionWrapper(
            _of_incident("created_at") + timedelta(minutes=20), output_field=DateTimeField()
        )
    )
    events.filter(closing).update(created_at=_of_incident("closed_at"))
    Event.objects.bulk_create(route, batch_size=500)


def _of_incident(name: str) -> Subquery:
    return Subquery(Incident.objects.filter(pk=OuterRef("incident_id")).values(name)[:1])


def _route(plan: Plan, press: User) -> list[Event]:
    """A fresh incident's way from its registration status to in work, and to closed."""
    before = plan.incident.status
    made = [_status(plan, press, before, Status.IN_WORK, plan.taken + timedelta(minutes=20))]
    if plan.closed is not None:
        made.append(_status(plan, press, Status.IN_WORK, Status.CLOSED, plan.closed))
    return made


def _status(plan: Plan, press: User, before: str, after: str, at: datetime) -> Event:
    closing = after == Status.CLOSED
    return Event(
        incident=plan.incident,
        actor=press,
        kind=Event.Kind.STATUS_CHANGED,
        comment=CLOSING.get(plan.resolution, "") if closing else "",
        created_at=at,
        data={"before": before, "after": after, "resolution": plan.resolution if closing else ""},
    )


def _first_reports(ids: list[int]) -> dict[int, Message]:
    found: dict[int, Message] = {}
    messages = Message.objects.filter(incident_id__in=ids).select_related(
        "source", "author", "thread"
    )
    for message in messages.order_by("created_at", "id"):
        found.setdefault(message.incident_id, message)
    return found


def _answers(plans: list[Plan], press: User, firsts: dict[int, Message]) -> None:
    """An intermediate answer at the first reply (unless the final one was the first reply) and
    the final answer at its moment, each published into the first report's thread."""
    made: list[tuple[Answer, Message, datetime]] = []
    for plan in plans:
        message = firsts.get(plan.incident.pk)
        if message is None:
            continue
        if plan.first is not None and plan.intermediate:
            made.append(
                (_answer(plan, press, Answer.Kind.INTERMEDIATE, plan.first), message, plan.first)
            )
        if plan.final is not None:
            made.append((_answer(plan, press, Answer.Kind.FINAL, plan.final), message, plan.final))
    answers = Answer.objects.bulk_create([a for a, _, _ in made], batch_size=500)
    Publication.objects.bulk_create(
        (
            sent_publication(answer, message, at)
            for answer, (_, message, at) in zip(answers, made, strict=True)
        ),
        batch_size=500,
    )


def _answer(plan: Plan, press: User, kind: str, at: datetime) -> Answer:
    text = _intermediate(plan.incident) if kind == Answer.Kind.INTERMEDIATE else _final(plan)
    return Answer(
        incident=plan.incident,
        kind=kind,
        text=text,
        author=press,
        status=Answer.Status.PUBLISHED,
        reviewed_by=press,
        reviewed_at=at - timedelta(minutes=5),
        created_at=at - timedelta(minutes=40),
        updated_at=at,
    )


GROUP_TEXTS = {group: body for group, _, body in reversed(TEMPLATES) if group}


def _intermediate(incident: Incident) -> str:
    """The group's template filled as an author fills it (otklik.demo.library)."""
    category = incident.category
    group = category.parent.code if category and category.parent else ""
    body = GROUP_TEXTS.get(group) or GROUP_TEXTS.get("other", "")
    deadline = timezone.localtime(incident.final_answer_due) if incident.final_answer_due else None
    values = {
        "name": "",
        "address": incident.address_text or "указанному адресу",
        "department": incident.department.name if incident.department else "—",
        "deadline": deadline.strftime("%d.%m.%Y") if deadline else "—",
    }
    text = body.replace("{name}, здравствуйте!", "Здравствуйте!")
    return text.format(**values)


def _final(plan: Plan) -> str:
    incident = plan.incident
    where = f"По адресу {incident.address_text} " if incident.address_text else "По обращению "
    department = incident.department.name if incident.department else "администрация"
    resolution = incident.resolution or plan.resolution
    body = FINAL_TEXTS.get(resolution, FINAL_TEXTS["resolved"])
    return body.format(where=where, department=department)


# The residents' verdicts.


def ratings(plans: Iterable[Plan], now: datetime, rng: random.Random) -> int:
    """Some residents answer the final answer with a verdict: a reply in the same dialog, read
    as a rating and taken out of the inbox (as otklik.demo.library does)."""
    answered = [p for p in plans if p.final is not None and rng.random() < RATED]
    firsts = _first_reports([p.incident.pk for p in answered])
    rows: dict[int, list[tuple[Plan, Reply, dict[str, Any]]]] = {}
    for number, plan in enumerate(answered):
        message = firsts.get(plan.incident.pk)
        if message is None or message.source.kind == Source.Kind.FORM or plan.final is None:
            continue
        moment = min(
            plan.final + rng.uniform(1, 30) * timedelta(hours=1), now - timedelta(minutes=5)
        )
        reply = REPLIES[number % len(REPLIES)]
        row = _verdict(message, reply[0], moment)
        rows.setdefault(message.source_id, []).append((plan, reply, row))
    made = 0
    for source_id, group in rows.items():
        data = "\n".join(json.dumps(row, ensure_ascii=False) for _, _, row in group).encode()
        source = Source.objects.get(pk=source_id)
        import_stream(source, io.BufferedReader(io.BytesIO(data)), "jsonl")
        made += _rate(source, group)
    return made


def _verdict(message: Message, text: str, moment: datetime) -> dict[str, Any]:
    return resident_row(message, f"{message.external_id}-verdict", text, moment, "direct")


def _rate(source: Source, group: list[tuple[Plan, Reply, dict[str, Any]]]) -> int:
    ids = {row["external_id"]: (plan, reply) for plan, reply, row in group}
    replies = list(Message.objects.filter(source=source, external_id__in=ids))
    AnswerRating.objects.bulk_create(
        AnswerRating(
            incident=ids[reply.external_id][0].incident,
            department_id=ids[reply.external_id][0].incident.department_id,
            solved=ids[reply.external_id][1][1],
            score=ids[reply.external_id][1][2],
            message=reply,
            created_at=reply.created_at,
        )
        for reply in replies
    )
    dismiss_messages(resident_bot(), replies)  # a read verdict leaves the inbox, as in scan
    return len(replies)
