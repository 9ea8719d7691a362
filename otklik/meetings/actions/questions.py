"""A question's row, written here for every way a question comes: recorded by the press service,
asked on the public page, or found in our channels by `link_questions`. The callers check who
may ask; this checks the text and that a message becomes at most one question."""

from __future__ import annotations

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
