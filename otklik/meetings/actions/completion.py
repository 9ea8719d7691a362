"""Completing an instruction: the result is recorded, and every linked incident gets a note and
a drafted answer to its resident, submitted for the usual approval (never published here)."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from otklik.accounts.models import User
from otklik.answers.actions import draft_answer, public_name, submit_for_approval
from otklik.answers.models import Answer
from otklik.incidents.actions import record_event
from otklik.incidents.models import Event, Incident
from otklik.meetings import signals
from otklik.meetings.actions.checks import clean_text, require_open, require_work
from otklik.meetings.actions.events import record
from otklik.meetings.models import Instruction, InstructionEvent

log = logging.getLogger(__name__)


def answer_text(instruction: Instruction, incident: Incident) -> str:
    """The resident's answer; no template placeholders, so nothing is left to fill in."""
    name = public_name(incident)
    greeting = f"Здравствуйте, {name}!" if name else "Здравствуйте!"
    result = instruction.result.replace("{", "(").replace("}", ")")
    return (
        f"{greeting} По вашему обращению мэр дал поручение {instruction.number}. "
        f"Поручение выполнено: {result}\nСпасибо, что сообщили о проблеме."
    )


def _answer_resident(actor: User, instruction: Instruction, incident: Incident) -> str:
    """Note the result in the incident and draft the answer; what happened, for the history."""
    record_event(
        incident,
        actor,
        Event.Kind.COMMENTED,
        f"Поручение {instruction.number} выполнено: {instruction.result}",
        instruction=instruction.number,
    )
    try:
        with transaction.atomic():
            answer = draft_answer(
                actor, incident, kind=Answer.Kind.FINAL, text=answer_text(instruction, incident)
            )
    except (ValidationError, PermissionDenied) as exc:
        why = "; ".join(getattr(exc, "messages", [str(exc)]))
        return f"#{incident.pk}: ответ не подготовлен ({why})"
    try:
        with transaction.atomic():
            submit_for_approval(actor, answer)
    except (ValidationError, PermissionDenied) as exc:
        log.info("instruction %s: answer %s left as a draft: %s", instruction.pk, answer.pk, exc)
        return f"#{incident.pk}: черновик ответа #{answer.pk}"
    return f"#{incident.pk}: ответ #{answer.pk} на согласовании"


@transaction.atomic
def complete(actor: User, instruction: Instruction, result: str) -> InstructionEvent:
    require_work(actor, instruction)
    require_open(instruction)
    instruction.result = clean_text(result, "Результат")
    instruction.state, instruction.done_at = Instruction.State.DONE, timezone.now()
    instruction.save(update_fields=["result", "state", "done_at"])
    notes = [_answer_resident(actor, instruction, i) for i in instruction.incidents.order_by("pk")]
    text = instruction.result
    if notes:
        text += "\nОтветы жителям: " + "; ".join(notes)
    event = record(instruction, InstructionEvent.Kind.DONE, actor, text)
    signals.instruction_done.send(sender=Instruction, instruction=instruction, event=event)
    return event
