"""Intake points and every payload exactly as received."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from otklik.sources.crypto import EncryptedSecretsField


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

    name = models.SlugField(
        "код",
        max_length=64,
        unique=True,
        help_text="Латиница, цифры и дефис: входит в адрес вебхука",
    )
    title = models.CharField("название", max_length=200, blank=True)
    kind = models.CharField("площадка", max_length=20, choices=Kind.choices)
    is_active = models.BooleanField("включён", default=True)
    is_mayor_page = models.BooleanField("страница главы", default=False)
    settings = models.JSONField("настройки", default=dict, blank=True)
    cursor = models.JSONField("позиция опроса", default=dict, blank=True)
    poll_interval = models.PositiveIntegerField(
        "интервал опроса",
        default=0,
        help_text="Секунд между опросами (0 — не опрашивать, только вебхук)",
    )
    next_poll_at = models.DateTimeField("следующий опрос", null=True, blank=True, db_index=True)
    last_event_at = models.DateTimeField("последнее событие", null=True, blank=True)
    last_error = models.TextField("последняя ошибка", blank=True)
    last_error_at = models.DateTimeField("время последней ошибки", null=True, blank=True)
    created_at = models.DateTimeField("создан", default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = "источник"
        verbose_name_plural = "источники"

    def __str__(self) -> str:
        return self.title or self.name


class SourceCredential(models.Model):
    """Tokens and secrets, kept apart from the source's other data, encrypted at rest
    (sources.crypto), never shown back in a form and never logged."""

    source = models.OneToOneField(
        Source, models.CASCADE, related_name="credential", verbose_name="источник"
    )
    secrets = EncryptedSecretsField("секреты", default=dict, blank=True)  # encrypted at rest
    expires_at = models.DateTimeField("токен действует до", null=True, blank=True)
    updated_at = models.DateTimeField("изменены", default=timezone.now)

    class Meta:
        verbose_name = "учётные данные источника"
        verbose_name_plural = "учётные данные источников"

    def __str__(self) -> str:
        return f"учётные данные источника {self.source_id}"

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

    # No index of its own: payload_unique_per_source (source, external id) leads with it.
    source = models.ForeignKey(
        Source, models.PROTECT, related_name="payloads", verbose_name="источник", db_index=False
    )
    external_id = models.CharField("идентификатор на площадке", max_length=255)
    event_type = models.CharField("тип события", max_length=64, blank=True)
    body = models.JSONField("содержимое", null=True, blank=True)
    raw = models.BinaryField("исходные байты", null=True, blank=True)
    headers = models.JSONField("заголовки", default=dict, blank=True)
    received_at = models.DateTimeField("получен", default=timezone.now, db_index=True)
    status = models.CharField(
        "состояние", max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField("попыток", default=0)
    claimed_at = models.DateTimeField("взят в обработку", null=True, blank=True)
    # A claim is a lease: the worker renews it while it works; once it runs out (the worker
    # died), another worker takes the payload over (sources.actions.claim_payloads).
    claimed_by = models.CharField("обработчик", max_length=100, blank=True)
    lease_until = models.DateTimeField("аренда до", null=True, blank=True)
    processed_at = models.DateTimeField("обработан", null=True, blank=True)
    error = models.TextField("ошибка", blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="payload_unique_per_source"
            )
        ]
        # Partial: only the rows a worker or the health page looks for. The bulk import writes
        # its rows done with no lease, so it pays for neither (docs/benchmarks.md).
        indexes = [
            models.Index(
                fields=["status"],
                name="payload_open_idx",
                condition=Q(status__in=["pending", "processing", "failed"]),
            ),
            models.Index(
                fields=["lease_until"],
                name="payload_lease_idx",
                condition=Q(lease_until__isnull=False),
            ),
        ]
        verbose_name = "входящий пакет"
        verbose_name_plural = "входящие пакеты"

    def __str__(self) -> str:
        return f"{self.source_id}:{self.external_id}"
