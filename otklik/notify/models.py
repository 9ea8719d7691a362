"""Staff notifications: each user's channels, the outbox, and the deadline escalations.

The outbox (Notification) is the queue: the worker task otklik.notify.actions.send_pending claims
pending rows with a conditional UPDATE. `dedupe_key` is unique, so a notification is created once
however many workers or retries try. Escalation rows record which warning or escalation level of
which clock an incident has had; their unique constraint makes creating one the claim.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    TELEGRAM = "telegram", "Telegram"
    MAX = "max", "MAX"


class NotificationPreference(models.Model):
    """One channel of one user. A user with no e-mail row gets e-mail at User.email by default.

    `is_department_head` marks a head of the user's department for the escalations (Department
    has no head field); a position containing «начальник» or «руководитель» counts as well.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notification_preferences",
        verbose_name="сотрудник",
    )
    channel = models.CharField("канал", max_length=20, choices=Channel.choices)
    address = models.CharField(
        "адрес",
        max_length=255,
        blank=True,
        help_text="E-mail (пусто — e-mail сотрудника), chat id в Telegram или user id в MAX",
    )
    enabled = models.BooleanField("включено", default=True)
    is_department_head = models.BooleanField("руководитель подразделения", default=False)
    muted_kinds = models.JSONField(
        "отключённые виды", default=list, blank=True, help_text="Виды уведомлений, которые не слать"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "channel"], name="notify_pref_user_channel")
        ]
        verbose_name = "канал уведомлений"
        verbose_name_plural = "каналы уведомлений"

    def __str__(self) -> str:
        return f"{self.user} · {self.get_channel_display()}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        ASSIGNMENT = "assignment", "Назначение"
        DEADLINE_WARNING = "deadline_warning", "Приближается срок"
        OVERDUE = "overdue", "Срок нарушен"
        ESCALATION = "escalation", "Эскалация в пресс-службу"
        RETURNED = "returned", "Ответ возвращён"
        REOPENED = "reopened", "Житель: проблема не решена"
        INSTRUCTION_DUE = "instruction_due", "Приближается срок поручения"
        INSTRUCTION_OVERDUE = "instruction_overdue", "Поручение просрочено"
        INSTRUCTION_ISSUED = "instruction_issued", "Выдано поручение"
        SPIKE = "spike", "Всплеск обращений"
        INITIATIVE = "initiative", "Новая инициатива жителей"

    class Status(models.TextChoices):
        PENDING = "pending", "Ожидает отправки"
        SENDING = "sending", "Отправляется"
        SENT = "sent", "Отправлено"
        FAILED = "failed", "Ошибка"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notifications",
        verbose_name="сотрудник",
    )
    kind = models.CharField("вид", max_length=30, choices=Kind.choices)
    incident = models.ForeignKey(
        "incidents.Incident",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="инцидент",
    )
    channel = models.CharField("канал", max_length=20, choices=Channel.choices)
    address = models.CharField("адрес", max_length=255)
    subject = models.CharField("тема", max_length=300)
    text = models.TextField("текст")
    dedupe_key = models.CharField("ключ повтора", max_length=255, unique=True)
    status = models.CharField(
        "статус", max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField("попыток", default=0)
    next_attempt_at = models.DateTimeField("следующая попытка", default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField("взято в отправку", null=True, blank=True)
    sent_at = models.DateTimeField("отправлено", null=True, blank=True)
    error = models.TextField("ошибка", blank=True)
    created_at = models.DateTimeField("создано", default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "уведомление"
        verbose_name_plural = "уведомления"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.user} ({self.get_channel_display()})"


class Escalation(models.Model):
    """Level 0: warning before the deadline; 1: overdue, to the department head; 2: to the press
    service. One row per (incident, clock, level), ever."""

    class Clock(models.TextChoices):
        FIRST_REPLY = "first_reply", "первый ответ"
        FINAL_ANSWER = "final_answer", "окончательный ответ"

    class Level(models.IntegerChoices):
        WARNING = 0, "Предупреждение"
        HEAD = 1, "Руководителю подразделения"
        PRESS_SERVICE = 2, "В пресс-службу"

    incident = models.ForeignKey(
        "incidents.Incident", models.CASCADE, related_name="escalations", verbose_name="инцидент"
    )
    clock = models.CharField("срок", max_length=20, choices=Clock.choices)
    level = models.PositiveSmallIntegerField("уровень", choices=Level.choices)
    due = models.DateTimeField("срок истекает")
    created_at = models.DateTimeField("создана", default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "clock", "level"], name="notify_escalation_once"
            )
        ]
        ordering = ["created_at", "id"]
        verbose_name = "эскалация"
        verbose_name_plural = "эскалации"

    def __str__(self) -> str:
        return f"#{self.incident_id} {self.get_clock_display()}: {self.get_level_display()}"
