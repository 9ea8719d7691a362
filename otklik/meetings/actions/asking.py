"""A resident's question in advance, from the meeting's public page (/vstrechi/<id>/).

It takes the residents' web form's path (otklik.public.views.report, which this app may not
import): stored raw first as a payload of the web-form source, processed at once into an inbox
message (sources.actions), and then recorded as the meeting's question linked to that message.
If the processing fails, the raw payload stays for the worker, and `link_questions` finds the
message later by the meeting named in it.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from otklik.inbox.models import Message
from otklik.meetings.actions.questions import new_question
from otklik.meetings.models import Meeting, Question
from otklik.sources.actions import (
    claim_payload,
    get_or_create_source,
    process_payload,
    record_payload,
)
from otklik.sources.models import InboundPayload, Source

log = logging.getLogger(__name__)

#: The residents' web form's source (otklik.public.views.FORM_SOURCE): one source for both.
FORM_SOURCE = "web-form"
FORM_TITLE = "Веб-форма «Сообщить о проблеме»"
EVENT_TYPE = "meeting_question"
ASKING_STATES = (Meeting.State.PLANNED, Meeting.State.ANNOUNCED)


def form_source() -> Source:
    return get_or_create_source(FORM_SOURCE, Source.Kind.FORM, FORM_TITLE)


def record_question_payload(
    meeting: Meeting, *, text: str, name: str, contact: str, client: str
) -> InboundPayload:
    """The question exactly as sent, before anything else happens to it."""
    reference = uuid.uuid4().hex
    body = {
        "external_id": reference,
        "text": text,
        "author": name or "Житель (вопрос к встрече)",
        "author_id": f"form:{reference}",
        "created_at": datetime.now(UTC).isoformat(),
        "kind": "form",
        "address": "",
        "territory": meeting.territory.code,
        "contact": contact,
        "attachments": [],
        "meeting": meeting.pk,
    }
    payload, _ = record_payload(
        form_source(), reference, body=body, event_type=EVENT_TYPE, headers={"client": client}
    )
    return payload


def ask_in_advance(
    meeting: Meeting, *, text: str, name: str = "", contact: str = "", client: str = ""
) -> Question | None:
    """Record the raw payload, make it an inbox message, and the message the meeting's question.
    None when the message is not there yet (the worker will process the payload)."""
    if meeting.state not in ASKING_STATES:
        raise ValidationError("Вопросы к этой встрече больше не принимаются")
    payload = record_question_payload(meeting, text=text, name=name, contact=contact, client=client)
    if claim_payload(payload):
        process_payload(payload)
    message = Message.objects.filter(payload=payload).order_by("pk").first()
    if message is None:
        log.warning("meeting %s: question payload %s not processed yet", meeting.pk, payload.pk)
        return None
    with transaction.atomic():
        return new_question(
            meeting,
            text=message.text,
            asked=Question.Asked.ADVANCE,
            message=message,
            asker_name=name,
        )
