"""Incidents (one resident problem) and their audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from otklik.incidents.states import OPEN_STATUSES, NoAnswer, Priority, Resolution, Status


class Incident(models.Model):
    title = models.CharField("заголовок", max_length=300)
    description = models.TextField("описание", blank=True)
    category = models.ForeignKey(
        "cities.Category",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name="категория",
    )
    department = models.ForeignKey(
        "cities.Department",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name="подразделение",
    )
    territory = models.ForeignKey(
        "cities.Territory",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name="территория",
    )
    address_text = models.CharField("адрес", max_length=500, blank=True)
    priority = models.CharField(
        "приоритет", max_length=20, choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        "статус", max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    resolution = models.CharField("итог", max_length=20, choices=Resolution.choices, blank=True)
    no_answer_reason = models.CharField(
        "причина закрытия без ответа", max_length=20, choices=NoAnswer.choices, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name="дубликат инцидента",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_incidents",
        verbose_name="исполнитель",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_incidents",
        verbose_name="кто создал",
    )
    created_at = models.DateTimeField("создан", default=timezone.now, db_index=True)
    updated_at = models.DateTimeField("изменён", default=timezone.now)
    first_reply_due = models.DateTimeField(
        "срок первого ответа", null=True, blank=True, db_index=True
    )
    final_answer_due = models.DateTimeField(
        "срок окончательного ответа", null=True, blank=True, db_index=True
    )
    first_replied_at = models.DateTimeField("первый ответ дан", null=True, blank=True)
    closed_at = models.DateTimeField("закрыт", null=True, blank=True)
    reopened_at = models.DateTimeField(
        "открыт повторно",
        null=True,
        blank=True,
        help_text="Последнее повторное открытие: от него заново идут оба срока и эскалация",
    )
    resonance = models.PositiveIntegerField("резонанс", default=0)
    is_formal_appeal = models.BooleanField(
        "обращение по 59-ФЗ",
        default=False,
        help_text="Письменное обращение гражданина: окончательный ответ — 30 календарных дней.",
    )
    # How the stored clocks were counted, so time left is shown in the same units.
    first_reply_in_working_time = models.BooleanField("первый ответ в рабочих часах", default=True)
    final_in_working_days = models.BooleanField("окончательный ответ в рабочих днях", default=True)
    is_public = models.BooleanField(
        "пример на открытой странице",
        default=False,
        help_text="Пресс-служба разрешила показать решённую проблему на странице /open/ "
        "(без персональных данных).",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["department", "status"], name="incident_dept_status_idx"),
            # The list's default (open ones, newest first) and «просрочено» (by lateness), as
            # partial indexes: closed incidents, most of the table in time, are not in them.
            models.Index(
                F("created_at").desc(),
                F("id").desc(),
                name="incident_open_recent_idx",
                condition=~Q(status="closed"),
            ),
            models.Index(
                "final_answer_due",
                "id",
                name="incident_open_due_idx",
                condition=~Q(status="closed"),
            ),
        ]
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


class DeadlinePreset(models.Model):
    """An administrator's rule for an incident's two clocks, per category and priority.

    The most specific one applies: the topic's, then its group's, then one for any category (an
    empty category); without any, the category's own fields and the built-in defaults.
    """

    category = models.ForeignKey(
        "cities.Category",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="deadline_presets",
        verbose_name="категория",
        help_text="Тема или группа тем; пусто — для всех категорий.",
    )
    priority = models.CharField("приоритет", max_length=20, choices=Priority.choices)
    first_reply_hours = models.PositiveIntegerField(
        "первый ответ, часов", help_text="Срок промежуточного ответа («взято в работу»)."
    )
    first_reply_in_working_time = models.BooleanField(
        "первый ответ в рабочих часах",
        default=True,
        help_text="Снимите для круглосуточного счёта (угроза жизни и здоровью).",
    )
    final_answer_days = models.PositiveIntegerField(
        "окончательный ответ, дней", help_text="Срок окончательного ответа по существу."
    )
    final_in_working_days = models.BooleanField(
        "окончательный ответ в рабочих днях",
        default=True,
        help_text="Снимите, чтобы считать календарные дни.",
    )
    note = models.TextField(
        "основание", blank=True, help_text="Источник правила: регламент ЦУР, распоряжение и т. п."
    )

    class Meta:
        ordering = ["category__name", "priority"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "priority"],
                condition=models.Q(category__isnull=False),
                name="deadline_preset_category_priority_uniq",
            ),
            models.UniqueConstraint(
                fields=["priority"],
                condition=models.Q(category__isnull=True),
                name="deadline_preset_any_priority_uniq",
            ),
        ]
        verbose_name = "норматив сроков"
        verbose_name_plural = "нормативы сроков"

    def __str__(self) -> str:
        where = str(self.category) if self.category_id else "все категории"
        return f"{where} · {self.get_priority_display()}: {self.rule_text}"

    @property
    def rule_text(self) -> str:
        first = "раб. ч" if self.first_reply_in_working_time else "ч круглосуточно"
        final = "раб. дн." if self.final_in_working_days else "календ. дн."
        return (
            f"первый ответ {self.first_reply_hours} {first}, "
            f"окончательный {self.final_answer_days} {final}"
        )


def assignment_text(data: dict) -> str:
    """«Управление ЖКХ, исполнитель Петров Игорь» for an ASSIGNED Event; older events kept only
    the ids, so the names are looked up for them."""
    department = str(data.get("department_name") or "")
    assignee = str(data.get("assignee_name") or "")
    if not department and data.get("department"):
        from otklik.cities.models import Department

        found = Department.objects.filter(pk=data["department"]).first()
        department = found.name if found else f"подразделение #{data['department']}"
    if not assignee and data.get("assignee"):
        from otklik.accounts.models import User

        user = User.objects.filter(pk=data["assignee"]).first()
        assignee = (user.get_full_name() or user.username) if user else ""
    parts = [department or "без подразделения"]
    if assignee:
        parts.append(f"исполнитель {assignee}")
    return ", ".join(parts)


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
        PUBLICITY = "publicity", "Открытая страница"

    incident = models.ForeignKey(
        Incident, models.CASCADE, related_name="events", verbose_name="инцидент"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто",
    )
    kind = models.CharField("вид", max_length=40, choices=Kind.choices)
    comment = models.TextField("комментарий", blank=True)
    data = models.JSONField("данные", default=dict, blank=True)
    created_at = models.DateTimeField("когда", default=timezone.now, db_index=True)

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
        if self.kind == self.Kind.ASSIGNED:
            return assignment_text(data)
        if self.kind == self.Kind.PUBLICITY:
            return "показан как пример" if data.get("public") else "снят с открытой страницы"
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
