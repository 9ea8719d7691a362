"""Incidents (one resident problem) and their audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from otklik.incidents.states import OPEN_STATUSES, NoAnswer, Priority, Resolution, Status


class Incident(models.Model):
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    category = models.ForeignKey(
        "cities.Category", models.SET_NULL, null=True, blank=True, related_name="incidents"
    )
    department = models.ForeignKey(
        "cities.Department", models.SET_NULL, null=True, blank=True, related_name="incidents"
    )
    territory = models.ForeignKey(
        "cities.Territory", models.SET_NULL, null=True, blank=True, related_name="incidents"
    )
    address_text = models.CharField(max_length=500, blank=True)
    priority = models.CharField(max_length=20, choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True)
    no_answer_reason = models.CharField(max_length=20, choices=NoAnswer.choices, blank=True)
    duplicate_of = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_incidents",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_incidents",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    first_reply_due = models.DateTimeField(null=True, blank=True, db_index=True)
    final_answer_due = models.DateTimeField(null=True, blank=True, db_index=True)
    first_replied_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    resonance = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["department", "status"], name="incident_dept_status_idx")]
        verbose_name = "инцидент"
        verbose_name_plural = "инциденты"

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        due = self.final_answer_due
        return bool(self.is_open and due and due < timezone.now())


class Event(models.Model):
    """The audit trail: who did what to an incident, when and why."""

    class Kind(models.TextChoices):
        CREATED = "created", "Создан"
        MESSAGES_ATTACHED = "messages_attached", "Добавлены сообщения"
        MESSAGES_DETACHED = "messages_detached", "Сообщения отделены"
        ASSIGNED = "assigned", "Назначен"
        STATUS_CHANGED = "status_changed", "Смена статуса"
        UPDATED = "updated", "Изменён"
        COMMENTED = "commented", "Комментарий"
        MERGED = "merged", "Объединение"
        SPLIT = "split", "Разделение"
        RESIDENT_REPLY = "resident_reply", "Отзыв жителя"

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "событие"
        verbose_name_plural = "события"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.incident_id}"

    @property
    def summary(self) -> str:
        """A short Russian description of what changed, for the audit trail."""
        data = self.data or {}
        if self.kind == self.Kind.STATUS_CHANGED:
            before, after = data.get("before"), data.get("after")
            labels = dict(Status.choices)
            text = f"{labels.get(before, before)} → {labels.get(after, after)}"
            if data.get("resolution"):
                text += f" ({dict(Resolution.choices).get(data['resolution'], '')})"
            if data.get("no_answer"):
                text += f", {dict(NoAnswer.choices).get(data['no_answer'], '').lower()}"
            return text
        if self.kind == self.Kind.RESIDENT_REPLY:
            return str(data.get("summary", ""))
        if self.kind == self.Kind.MERGED:
            if data.get("into"):
                return f"объединён с #{data['into']}"
            return "присоединены " + ", ".join(f"#{pk}" for pk in data.get("merged", []))
        if self.kind == self.Kind.SPLIT:
            if data.get("from"):
                return f"выделен из #{data['from']}"
            return f"сообщения выделены в #{data.get('new')}"
        if self.kind in {
            self.Kind.MESSAGES_ATTACHED,
            self.Kind.MESSAGES_DETACHED,
            self.Kind.CREATED,
        }:
            return f"сообщений: {len(data.get('messages', []))}" if data.get("messages") else ""
        if self.kind == self.Kind.UPDATED:
            return ", ".join(sorted(data.get("changes", {})))
        return ""
