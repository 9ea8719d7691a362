"""A question's row, written here for every way a question comes: recorded by the press service,
asked on the public page, or found in our channels by `link_questions`. The callers check who
may ask; this checks the text and that a message becomes at most one question."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from otklik.accounts.models import User
from otklik.inbox.models import Message
from otklik.meetings.actions.checks import clean_text
from otklik.meetings.models import Meeting, Question


def new_question(
    meeting: Meeting,
    *,
    text: str,
    asked: str,
    message: Message | None = None,
    asker_name: str = "",
    topic: str = "",
    actor: User | None = None,
) -> Question:
    if asked not in Question.Asked.values:
        raise ValidationError("Неизвестно, когда задан вопрос")
    text = clean_text(text, "Вопрос", required=False)
    if not text:
        raise ValidationError("Напишите вопрос")
    if message is not None and Question.objects.filter(message=message).exists():
        raise ValidationError(f"Сообщение №{message.pk} уже записано вопросом")
    try:
        with transaction.atomic():
            return Question.objects.create(
                meeting=meeting,
                text=text,
                asker_name=clean_text(asker_name, "Кто спросил", required=False, limit=200),
                topic=clean_text(topic, "Тема", required=False, limit=200),
                message=message,
                asked=asked,
                created_by=actor,
                created_at=timezone.now(),
            )
    except IntegrityError as exc:  # a concurrent writer took the message first
        raise ValidationError("Это сообщение уже записано вопросом") from exc


#: The asker's name once their data is depersonalised (otklik.privacy).
ANONYMOUS = "Житель"


def depersonalise_questions(question_ids: Sequence[int], mask: Callable[[str], str]) -> int:
    """Retention (otklik.privacy): «Житель» for the asker, the question and the answer given on
    the spot masked by `mask`; the meeting, topic, state and dates stay. Idempotent."""
    rows = list(Question.objects.filter(id__in=question_ids).only("id", "text", "answer"))
    for question in rows:
        question.asker_name = ANONYMOUS
        question.text = mask(question.text)
        question.answer = mask(question.answer)
    Question.objects.bulk_update(rows, ["asker_name", "text", "answer"], batch_size=500)
    return len(rows)
