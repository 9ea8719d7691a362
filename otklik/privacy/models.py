"""Acts of destruction of personal data, what they depersonalised, and the export audit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class RetentionAct(models.Model):
    """«Акт об уничтожении персональных данных»: one retention run, what it did and by what
    rule. It names no resident: counts per kind, the period and the cut-off."""

    started_at = models.DateTimeField("начат", default=timezone.now, db_index=True)
    finished_at = models.DateTimeField("завершён", null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="сотрудник",
    )
    performed_by = models.CharField("кто выполнил", max_length=200)
    period_days = models.PositiveIntegerField("срок хранения, дней")
    cutoff = models.DateTimeField("граница")
    criteria = models.TextField("условия отбора")
    counts = models.JSONField("обезличено по видам", default=dict, blank=True)
    complete = models.BooleanField(
        "всё обработано", default=True, help_text="Нет: осталось на следующий проход"
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = "акт об уничтожении персональных данных"
        verbose_name_plural = "акты об уничтожении персональных данных"

    def __str__(self) -> str:
        return f"Акт №{self.pk} от {self.started_at:%d.%m.%Y}"

    @property
    def total(self) -> int:
        return sum(int(value) for value in self.counts.values())


class Erased(models.Model):
    """A row whose personal data an act removed: keeps the runs idempotent (ids only)."""

    class Kind(models.TextChoices):
        INCIDENT = "incident", "Инцидент"
        MESSAGE = "message", "Сообщение"
        PAYLOAD = "payload", "Входящий пакет"
        QUESTION = "question", "Вопрос на встрече"
        INITIATIVE = "initiative", "Инициатива"

    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField("номер записи")
    act = models.ForeignKey(RetentionAct, models.CASCADE, related_name="erased", verbose_name="акт")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="erased_once")]
        verbose_name = "обезличенная запись"
        verbose_name_plural = "обезличенные записи"

    def __str__(self) -> str:
        return f"{self.kind}#{self.object_id}"


class AuditEntry(models.Model):
    """Who took personal data out of Otklik, what, how much, where to and when."""

    class Channel(models.TextChoices):
        CLI = "cli", "Командная строка"
        WEB = "web", "Веб-интерфейс"

    at = models.DateTimeField("когда", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="сотрудник",
    )
    who = models.CharField("кто", max_length=200)
    channel = models.CharField("откуда", max_length=10, choices=Channel.choices)
    what = models.CharField("что выгружено", max_length=100)
    format = models.CharField("формат", max_length=20)
    rows = models.PositiveIntegerField("строк", default=0)
    destination = models.CharField("куда", max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "выгрузка персональных данных"
        verbose_name_plural = "выгрузки персональных данных"

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.who}: {self.what}"
