"""Intake points and every payload exactly as received."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Source(models.Model):
    class Kind(models.TextChoices):
        VK = "vk", "ВКонтакте"
        TELEGRAM = "telegram", "Telegram"
        MAX = "max", "MAX"
        OK = "ok", "Одноклассники"
        EMAIL = "email", "Электронная почта"
        FORM = "form", "Веб-форма"
        FEED = "feed", "Лента СМИ (RSS/Atom)"
        IMPORT = "import", "Импорт из файла"

    name = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(default=True)
    is_mayor_page = models.BooleanField(default=False)
    settings = models.JSONField(default=dict, blank=True)
    cursor = models.JSONField(default=dict, blank=True)
    poll_interval = models.PositiveIntegerField(
        default=0, help_text="Секунд между опросами (0 — не опрашивать, только вебхук)"
    )
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_event_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = "источник"
        verbose_name_plural = "источники"

    def __str__(self) -> str:
        return self.title or self.name


class SourceCredential(models.Model):
    """Tokens and secrets, kept apart from the source's other data and never logged."""

    source = models.OneToOneField(Source, models.CASCADE, related_name="credential")
    secrets = models.JSONField(default=dict, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "учётные данные источника"
        verbose_name_plural = "учётные данные источников"

    def __str__(self) -> str:
        return f"credentials of {self.source_id}"

    def __repr__(self) -> str:
        return f"<SourceCredential source={self.source_id} keys={sorted(self.secrets)}>"


class InboundPayload(models.Model):
    """Append-only: written before any processing; processing state kept beside it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Ожидает обработки"
        PROCESSING = "processing", "Обрабатывается"
        DONE = "done", "Обработано"
        SKIPPED = "skipped", "Не требует обработки"
        FAILED = "failed", "Ошибка"

    source = models.ForeignKey(Source, models.PROTECT, related_name="payloads")
    external_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=64, blank=True)
    body = models.JSONField(null=True, blank=True)
    raw = models.BinaryField(null=True, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # A claim is a lease: the worker renews it while it works; once it runs out (the worker
    # died), another worker takes the payload over (sources.actions.claim_payloads).
    claimed_by = models.CharField(max_length=100, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="payload_unique_per_source"
            )
        ]
        verbose_name = "входящий пакет"
        verbose_name_plural = "входящие пакеты"

    def __str__(self) -> str:
        return f"{self.source_id}:{self.external_id}"
