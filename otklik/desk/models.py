"""The desk's own small tables: who has a card open right now, and the lists' saved views."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Presence(models.Model):
    """A staff member has a message or an incident card open: refreshed by the page's heartbeat
    (otklik/static/otklik/live.js) and counted only while fresh (presence.FRESH_SECONDS)."""

    class Kind(models.TextChoices):
        MESSAGE = "message", "Сообщение"
        INCIDENT = "incident", "Инцидент"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name="сотрудник"
    )
    kind = models.CharField("что открыто", max_length=20, choices=Kind.choices)
    object_id = models.PositiveIntegerField("номер")
    last_seen = models.DateTimeField("последний сигнал", default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "object_id"], name="presence_user_object_uniq"
            )
        ]
        indexes = [
            models.Index(fields=["kind", "object_id", "last_seen"], name="presence_object_idx"),
            models.Index(fields=["last_seen"], name="presence_last_seen_idx"),
        ]
        verbose_name = "открытая карточка"
        verbose_name_plural = "открытые карточки"

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} #{self.object_id}"


class SavedView(models.Model):
    """A list's filters saved under a name by a staff member, optionally shown to the whole
    department. `query` is the list's query string, as its filter form wrote it."""

    class List(models.TextChoices):
        INBOX = "inbox", "Входящие"
        INCIDENTS = "incidents", "Инциденты"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="saved_views",
        verbose_name="владелец",
    )
    list_name = models.CharField("список", max_length=20, choices=List.choices)
    name = models.CharField("название", max_length=60)
    query = models.CharField("фильтры", max_length=1000, blank=True)
    department = models.ForeignKey(
        "cities.Department",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="общий для подразделения",
    )
    created_at = models.DateTimeField("создан", default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["owner", "list_name"], name="savedview_owner_idx"),
            models.Index(fields=["department", "list_name"], name="savedview_department_idx"),
        ]
        verbose_name = "сохранённый вид"
        verbose_name_plural = "сохранённые виды"

    def __str__(self) -> str:
        return self.name
