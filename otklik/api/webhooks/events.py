"""The events a subscription can choose, with their Russian names."""

from __future__ import annotations

from django.db import models


class WebhookEvent(models.TextChoices):
    INCIDENT_CREATED = "incident.created", "Создан инцидент"
    INCIDENT_STATUS_CHANGED = "incident.status_changed", "Изменился статус инцидента"
    ANSWER_PUBLISHED = "answer.published", "Ответ опубликован"
    INSTRUCTION_DONE = "instruction.done", "Поручение выполнено"
    POST_PUBLISHED = "post.published", "Пост опубликован"


#: The test event («Отправить тестовое событие»): sent to one subscription, whatever it chose.
PING = "ping"
