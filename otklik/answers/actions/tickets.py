"""Web-form status links: an unguessable token per report, and what its page may show.

The page shows only the report's own state and the answers published to the residents; never
other residents' messages, names or contacts.
"""

from __future__ import annotations

import secrets
from typing import Any

from otklik.answers.models import Answer, FormTicket
from otklik.inbox.models import Message
from otklik.incidents.states import Status
from otklik.sources.models import Source

TOKEN_BYTES = 24

PUBLIC_STATES: dict[str, str] = {
    Status.NEW: "Принято, рассматривается",
    Status.TRIAGED: "Принято, рассматривается",
    Status.ASSIGNED: "Передано в ответственное подразделение",
    Status.IN_WORK: "В работе",
    Status.ANSWER_DRAFTED: "В работе, готовится ответ",
    Status.ON_APPROVAL: "В работе, готовится ответ",
    Status.ANSWER_APPROVED: "Ответ готовится к публикации",
    Status.PUBLISH_FAILED: "Ответ готовится к публикации",
    Status.PUBLISHED: "Дан ответ",
    Status.CLOSED: "Рассмотрено",
    Status.REOPENED: "Снова в работе",
}


def issue_ticket(source: Source, reference: str) -> FormTicket:
    """The private link of a form report (one per reference, however often it is asked for)."""
    message = Message.objects.filter(source=source, external_id=reference).first()
    ticket = FormTicket.objects.filter(reference=reference).first()
    if ticket is None:
        ticket = FormTicket.objects.create(
            token=secrets.token_urlsafe(TOKEN_BYTES), reference=reference, message=message
        )
    return ticket


def _message(ticket: FormTicket) -> Message | None:
    if ticket.message is not None:
        return ticket.message
    return (
        Message.objects.filter(source__kind=Source.Kind.FORM, external_id=ticket.reference)
        .select_related("incident")
        .first()
    )


def ticket_status(ticket: FormTicket) -> dict[str, Any]:
    message = _message(ticket)
    context: dict[str, Any] = {
        "reference": ticket.reference[:12],
        "received": message.created_at if message else ticket.created_at,
        "state": "Принято, рассматривается",
        "answers": [],
        "deadline": None,
        "department": "",
    }
    if message is None:
        return context
    if message.status == Message.Status.DISMISSED:
        context["state"] = "Рассмотрено: ответа не требует"
    incident = message.incident
    if incident is None:
        return context
    if incident.duplicate_of_id:
        incident = incident.duplicate_of or incident
    context["state"] = PUBLIC_STATES.get(incident.status, "Рассматривается")
    if incident.status == Status.CLOSED and incident.resolution:
        context["state"] += f": {incident.get_resolution_display().lower()}"
    context["department"] = incident.department.name if incident.department else ""
    context["deadline"] = incident.final_answer_due if incident.is_open else None
    context["answers"] = list(
        Answer.objects.filter(incident=incident, status=Answer.Status.PUBLISHED).order_by(
            "created_at", "id"
        )
    )
    return context
