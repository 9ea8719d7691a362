"""Normalised messages: posts, comments, replies, direct messages, e-mails, form reports."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Author(models.Model):
    """A resident as one platform knows them: pseudonymous id plus display name."""

    source = models.ForeignKey(
        "sources.Source", models.PROTECT, related_name="authors", verbose_name="источник"
    )
    external_id = models.CharField("код на площадке", max_length=255)
    display_name = models.CharField("имя", max_length=255, blank=True)
    profile_url = models.URLField("ссылка на профиль", max_length=500, blank=True)
    is_closed_profile = models.BooleanField("закрытый профиль", default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="author_unique")
        ]
        verbose_name = "автор"
        verbose_name_plural = "авторы"

    def __str__(self) -> str:
        return self.display_name or f"#{self.external_id}"


class Thread(models.Model):
    """The parent post or conversation a message belongs to."""

    source = models.ForeignKey(
        "sources.Source", models.PROTECT, related_name="threads", verbose_name="источник"
    )
    external_id = models.CharField("код на площадке", max_length=255)
    title = models.CharField("заголовок", max_length=500, blank=True)
    url = models.URLField("ссылка", max_length=1000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="thread_unique")
        ]
        verbose_name = "ветка"
        verbose_name_plural = "ветки"

    def __str__(self) -> str:
        return self.title or self.external_id


class Message(models.Model):
    class Kind(models.TextChoices):
        POST = "post", "Пост"
        COMMENT = "comment", "Комментарий"
        REPLY = "reply", "Ответ"
        DIRECT = "direct", "Личное сообщение"
        EMAIL = "email", "Письмо"
        FORM = "form", "Веб-форма"
        ARTICLE = "article", "Публикация СМИ"

    class Status(models.TextChoices):
        NEW = "new", "Новое"
        LINKED = "linked", "В инциденте"
        DISMISSED = "dismissed", "Не требует реакции"

    # Indexed by message_unique (source, external id), which leads with it.
    source = models.ForeignKey(
        "sources.Source",
        models.PROTECT,
        related_name="messages",
        verbose_name="источник",
        db_index=False,
    )
    payload = models.ForeignKey(
        "sources.InboundPayload",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name="входящий пакет",
    )
    external_id = models.CharField("код на площадке", max_length=255)
    kind = models.CharField("вид", max_length=20, choices=Kind.choices, default=Kind.COMMENT)
    author = models.ForeignKey(
        Author,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name="автор",
    )
    thread = models.ForeignKey(
        Thread,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name="ветка",
    )
    parent_external_id = models.CharField("код родительского сообщения", max_length=255, blank=True)
    text = models.TextField("текст")
    search_text = models.TextField("текст для поиска", blank=True, editable=False)
    created_at = models.DateTimeField("написано")  # indexed by message_recent_idx
    received_at = models.DateTimeField("получено", default=timezone.now)
    url = models.URLField("ссылка", max_length=1000, blank=True)
    attachments = models.JSONField("вложения", default=list, blank=True)
    likes = models.PositiveIntegerField("отметки «нравится»", default=0)
    reposts = models.PositiveIntegerField("репосты", default=0)
    replies = models.PositiveIntegerField("ответы", default=0)
    views = models.PositiveIntegerField("просмотры", default=0)
    territory = models.ForeignKey(
        "cities.Territory",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name="территория",
    )
    address_text = models.CharField("адрес", max_length=500, blank=True)
    contact = models.CharField("контакт для ответа", max_length=255, blank=True)
    is_deleted = models.BooleanField("удалено автором", default=False)
    status = models.CharField(
        "статус", max_length=20, choices=Status.choices, default=Status.NEW
    )  # indexed by message_inbox_idx
    incident = models.ForeignKey(
        "incidents.Incident",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name="инцидент",
        db_index=False,
    )
    handled_by = models.ForeignKey(
        "accounts.User",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто разобрал",
        db_index=False,
    )
    handled_at = models.DateTimeField("когда разобрано", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="message_unique")
        ]
        # Every index costs the bulk import (docs/benchmarks.md, «Import throughput»): status,
        # created_at and source have none of their own (these lead with them), and incident
        # and handled_by, empty on a new message, are indexed only where set.
        indexes = [
            models.Index(fields=["status", "-created_at", "-id"], name="message_inbox_idx"),
            models.Index(fields=["-created_at", "-id"], name="message_recent_idx"),
            models.Index(
                fields=["incident"],
                name="message_incident_idx",
                condition=Q(incident__isnull=False),
            ),
            models.Index(
                fields=["handled_by"],
                name="message_handled_by_idx",
                condition=Q(handled_by__isnull=False),
            ),
        ]
        verbose_name = "сообщение"
        verbose_name_plural = "сообщения"

    def __str__(self) -> str:
        return f"{self.source_id}:{self.external_id}"

    @property
    def is_clipped(self) -> bool:
        """Cut on intake at MAX_MESSAGE_CHARS: inbox.actions.clip keeps the first characters
        and ends the text with «…», so a text of exactly that length ending so was cut."""
        return len(self.text) >= settings.MAX_MESSAGE_CHARS and self.text.endswith("…")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = search_form(self.text)
        super().save(*args, **kwargs)


def search_form(text: str) -> str:
    """Lower case with ё → е: SQLite's LIKE folds only ASCII, so search runs on this column."""
    return text.lower().replace("ё", "е")
