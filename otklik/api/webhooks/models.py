"""Outgoing webhooks: who is told (WebhookSubscription) and what is queued for them
(WebhookDelivery, one per subscription and event, with its attempts in WebhookAttempt).

The subscription's secret signs every body (HMAC-SHA256), so it must be readable: it is stored
encrypted with the key derived from OTKLIK_SECRET_KEY, like the channels' secrets
(otklik.sources.crypto), as {"secret": "..."}.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from otklik.api.webhooks.events import PING, WebhookEvent
from otklik.sources.crypto import EncryptedSecretsField

__all__ = ["WebhookAttempt", "WebhookDelivery", "WebhookSubscription"]


class WebhookSubscription(models.Model):
    url = models.URLField("адрес", max_length=500)
    events = models.JSONField("события", default=list)
    secret = EncryptedSecretsField("секрет подписи", default=dict)
    active = models.BooleanField("включена", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="webhook_subscriptions",
        verbose_name="кто создал",
    )
    created_at = models.DateTimeField("создана", default=timezone.now)
    deactivated_at = models.DateTimeField("отключена", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "подписка на вебхуки"
        verbose_name_plural = "подписки на вебхуки"

    def __str__(self) -> str:
        return self.url

    @property
    def signing_key(self) -> str:
        return str(self.secret.get("secret", ""))

    def event_labels(self) -> list[str]:
        names = dict(WebhookEvent.choices)
        return [str(names.get(event, event)) for event in self.events]


class WebhookDelivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "В очереди"
        SENDING = "sending", "Отправляется"
        DELIVERED = "delivered", "Доставлено"
        FAILED = "failed", "Не доставлено"

    subscription = models.ForeignKey(
        WebhookSubscription, models.CASCADE, related_name="deliveries", verbose_name="подписка"
    )
    event = models.CharField("событие", max_length=40)
    event_id = models.CharField("код события", max_length=100)
    payload = models.JSONField("данные", default=dict)
    state = models.CharField(
        "состояние", max_length=20, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField("попыток", default=0)
    next_attempt_at = models.DateTimeField("следующая попытка", default=timezone.now)
    claimed_by = models.CharField("обработчик", max_length=100, blank=True)
    lease_until = models.DateTimeField("захвачено до", null=True, blank=True)
    response_status = models.PositiveIntegerField("код ответа", null=True, blank=True)
    response_excerpt = models.TextField("начало ответа", blank=True)
    error = models.TextField("ошибка", blank=True)
    created_at = models.DateTimeField("создано", default=timezone.now)
    delivered_at = models.DateTimeField("доставлено", null=True, blank=True)
    updated_at = models.DateTimeField("изменено", default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_id"], name="webhook_delivery_once_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="webhook_delivery_due_idx")
        ]
        verbose_name = "доставка вебхука"
        verbose_name_plural = "доставки вебхуков"

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription_id} ({self.state})"

    @property
    def event_label(self) -> str:
        if self.event == PING:
            return "Тестовое событие"
        return str(dict(WebhookEvent.choices).get(self.event, self.event))


class WebhookAttempt(models.Model):
    """One POST of a delivery: what came back, or why nothing did."""

    delivery = models.ForeignKey(
        WebhookDelivery, models.CASCADE, related_name="attempt_log", verbose_name="доставка"
    )
    number = models.PositiveIntegerField("попытка")
    at = models.DateTimeField("когда", default=timezone.now)
    response_status = models.PositiveIntegerField("код ответа", null=True, blank=True)
    response_excerpt = models.TextField("начало ответа", blank=True)
    error = models.TextField("ошибка", blank=True)
    duration_ms = models.PositiveIntegerField("длительность, мс", default=0)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "попытка доставки вебхука"
        verbose_name_plural = "попытки доставки вебхуков"

    def __str__(self) -> str:
        return f"#{self.delivery_id}/{self.number}"
