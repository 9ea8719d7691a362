"""Answers to residents: templates, drafts under review, and one publication per thread."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class AnswerTemplate(models.Model):
    """A starting text per category; variables: {name} {address} {date} {department} {deadline}."""

    category = models.ForeignKey(
        "cities.Category",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="answer_templates",
        verbose_name="категория",
    )
    title = models.CharField("название", max_length=200)
    body = models.TextField("текст")
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = "шаблон ответа"
        verbose_name_plural = "шаблоны ответов"

    def __str__(self) -> str:
        return self.title


class Answer(models.Model):
    class Kind(models.TextChoices):
        INTERMEDIATE = "intermediate", "Промежуточный"
        FINAL = "final", "Окончательный"

    class Status(models.TextChoices):
        DRAFT = "draft", "Черновик"
        SUBMITTED = "submitted", "На согласовании"
        APPROVED = "approved", "Согласован"
        RETURNED = "returned", "Возвращён на доработку"
        PUBLISHED = "published", "Опубликован"

    incident = models.ForeignKey(
        "incidents.Incident", models.CASCADE, related_name="answers", verbose_name="инцидент"
    )
    kind = models.CharField("вид", max_length=20, choices=Kind.choices, default=Kind.FINAL)
    text = models.TextField("текст")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="автор",
    )
    status = models.CharField(
        "статус", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    review_comment = models.TextField("замечание согласующего", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто согласовал",
    )
    reviewed_at = models.DateTimeField("когда согласован", null=True, blank=True)
    created_at = models.DateTimeField("создан", default=timezone.now)
    updated_at = models.DateTimeField("изменён", default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "ответ"
        verbose_name_plural = "ответы"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ответ #{self.pk} к #{self.incident_id}"

    @property
    def is_editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}


class Publication(models.Model):
    """The approved answer as a reply into one thread; unique per (answer, message, kind).

    A final answer, once out everywhere, is followed by a «confirmation»: the question whether the
    problem is solved, in the same thread, where the channel can reply."""

    class Kind(models.TextChoices):
        ANSWER = "answer", "Ответ"
        CONFIRMATION = "confirmation", "Вопрос «проблема решена?»"

    class Status(models.TextChoices):
        PENDING = "pending", "Ожидает отправки"
        SENT = "sent", "Опубликовано"
        FAILED = "failed", "Ошибка"

    answer = models.ForeignKey(
        Answer, models.CASCADE, related_name="publications", verbose_name="ответ"
    )
    kind = models.CharField("вид", max_length=20, choices=Kind.choices, default=Kind.ANSWER)
    message = models.ForeignKey(
        "inbox.Message", models.CASCADE, related_name="publications", verbose_name="сообщение"
    )
    source = models.ForeignKey(
        "sources.Source", models.PROTECT, related_name="publications", verbose_name="источник"
    )
    status = models.CharField(
        "статус", max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField("попыток", default=0)
    next_attempt_at = models.DateTimeField("следующая попытка", default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField("взято в отправку", null=True, blank=True)
    external_id = models.CharField("код на площадке", max_length=255, blank=True)
    url = models.URLField(
        "ссылка на ответ", max_length=1000, blank=True, help_text="Где опубликованный ответ виден"
    )
    error = models.TextField(
        "ошибка площадки", blank=True, help_text="Текст площадки как есть, для администратора"
    )
    reason = models.TextField(
        "причина", blank=True, help_text="Что случилось и что делать, по-русски"
    )
    note = models.CharField("примечание", max_length=300, blank=True)
    created_at = models.DateTimeField("создана", default=timezone.now)
    sent_at = models.DateTimeField("отправлена", null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "message", "kind"], name="publication_once")
        ]
        verbose_name = "публикация ответа"
        verbose_name_plural = "публикации ответов"

    def __str__(self) -> str:
        return f"ответ #{self.answer_id} → {self.source_id}:{self.message_id}"

    @property
    def shown_reason(self) -> str:
        """The Russian reason of a failure (older rows kept only the platform's text)."""
        if self.reason or not self.error:
            return self.reason
        from otklik.sources.platform_errors import explain

        return explain(self.error, self.source.kind).text


class AnswerRating(models.Model):
    """The resident's verdict on a published answer, read from their reply in the thread."""

    incident = models.ForeignKey(
        "incidents.Incident", models.CASCADE, related_name="ratings", verbose_name="инцидент"
    )
    department = models.ForeignKey(
        "cities.Department",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="подразделение",
    )
    solved = models.BooleanField("проблема решена", null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        "оценка", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    message = models.OneToOneField(
        "inbox.Message", models.CASCADE, related_name="rating", verbose_name="сообщение жителя"
    )
    created_at = models.DateTimeField("получена", default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "оценка ответа"
        verbose_name_plural = "оценки ответов"

    def __str__(self) -> str:
        verdict = {True: "решена", False: "не решена", None: "без ответа"}[self.solved]
        score = f", оценка {self.score}" if self.score else ""
        return f"#{self.incident_id}: {verdict}{score}"


class FormTicket(models.Model):
    """The private status link of one web-form report: /report/status/<token>/."""

    token = models.CharField("ключ ссылки", max_length=64, unique=True)
    reference = models.CharField("номер обращения", max_length=64, db_index=True)
    message = models.ForeignKey(
        "inbox.Message",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="form_tickets",
        verbose_name="сообщение",
    )
    created_at = models.DateTimeField("создана", default=timezone.now)

    class Meta:
        verbose_name = "ссылка на статус обращения"
        verbose_name_plural = "ссылки на статус обращений"

    def __str__(self) -> str:
        return f"{self.reference[:12]}"
