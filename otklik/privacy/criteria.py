"""What retention depersonalises, and when (reads only; the writers are in actions/).

The period (OTKLIK_PD_RETENTION_DAYS) runs from the end of the purpose the data was given for:

- an incident: from its closure (status «Закрыт»; a reopened one waits for its next closure);
  with it go its messages, their authors' names, photos and raw payloads, its answers, the
  comments in its history and the staff notifications about it;
- a message never linked to an incident: from when it was written;
- a raw payload that became no message (failed, skipped): from when it was received;
- a question for a Mayor's meeting: from when it was recorded;
- an initiative: from the decision, once declined or done (proposed, under review and accepted
  ones are still being worked on).

An author is depersonalised once none of their messages keeps personal data.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import QuerySet

from otklik.inbox.models import Message
from otklik.incidents.models import Incident
from otklik.incidents.states import Status
from otklik.meetings.models import Question
from otklik.polls.models import Initiative
from otklik.privacy.models import Erased
from otklik.sources.models import InboundPayload

CRITERIA = (
    "Инциденты, закрытые раньше границы, — с их сообщениями, авторами, фото, входящими "
    "пакетами, ответами, комментариями и уведомлениями; сообщения без инцидента, написанные "
    "раньше границы; входящие пакеты без сообщения, полученные раньше границы; вопросы к "
    "встречам, записанные раньше границы; инициативы, отклонённые или реализованные раньше "
    "границы. Граница — момент запуска минус срок хранения."
)
WAITING = (InboundPayload.Status.PENDING, InboundPayload.Status.PROCESSING)


def cutoff(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


def _erased(kind: str) -> QuerySet[Erased]:
    return Erased.objects.filter(kind=kind).values("object_id")


def due_incidents(before: datetime) -> QuerySet[Incident]:
    return Incident.objects.filter(status=Status.CLOSED, closed_at__lt=before).exclude(
        id__in=_erased(Erased.Kind.INCIDENT)
    )


def due_unlinked_messages(before: datetime) -> QuerySet[Message]:
    return Message.objects.filter(incident__isnull=True, created_at__lt=before).exclude(
        id__in=_erased(Erased.Kind.MESSAGE)
    )


def due_orphan_payloads(before: datetime) -> QuerySet[InboundPayload]:
    return (
        InboundPayload.objects.filter(received_at__lt=before, messages__isnull=True)
        .exclude(status__in=WAITING)
        .exclude(id__in=_erased(Erased.Kind.PAYLOAD))
    )


def due_questions(before: datetime) -> QuerySet[Question]:
    return Question.objects.filter(created_at__lt=before).exclude(
        id__in=_erased(Erased.Kind.QUESTION)
    )


def due_initiatives(before: datetime) -> QuerySet[Initiative]:
    done = [Initiative.State.DECLINED, Initiative.State.DONE]
    return Initiative.objects.filter(state__in=done, decided_at__lt=before).exclude(
        id__in=_erased(Erased.Kind.INITIATIVE)
    )


def messages_of(incident_ids: list[int]) -> list[int]:
    return list(Message.objects.filter(incident_id__in=incident_ids).values_list("id", flat=True))


def authors_left_bare(message_ids: list[int]) -> list[int]:
    """Authors of these messages none of whose messages keeps personal data any longer."""
    authors = set(
        Message.objects.filter(id__in=message_ids, author__isnull=False).values_list(
            "author_id", flat=True
        )
    )
    live = set(
        Message.objects.filter(author_id__in=authors)
        .exclude(id__in=_erased(Erased.Kind.MESSAGE))
        .values_list("author_id", flat=True)
    )
    return sorted(authors - live)


def payloads_of(message_ids: list[int]) -> list[int]:
    ids = Message.objects.filter(id__in=message_ids, payload__isnull=False).values_list(
        "payload_id", flat=True
    )
    return sorted(set(ids))


def plan(before: datetime) -> dict[str, int]:
    """What a run would depersonalise now, per kind (the dry run)."""
    incidents = due_incidents(before)
    return {
        "incidents": incidents.count(),
        "incident_messages": Message.objects.filter(incident__in=incidents)
        .exclude(id__in=_erased(Erased.Kind.MESSAGE))
        .count(),
        "unlinked_messages": due_unlinked_messages(before).count(),
        "orphan_payloads": due_orphan_payloads(before).count(),
        "questions": due_questions(before).count(),
        "initiatives": due_initiatives(before).count(),
    }
