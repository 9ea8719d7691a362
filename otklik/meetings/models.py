"""The Mayor's meetings with residents, their questions, and instructions (поручения) with
their history. Every write goes through otklik.meetings.actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Meeting(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", "Запланирована"
        ANNOUNCED = "announced", "Анонсирована"
        HELD = "held", "Проведена"
        RESULTS_PUBLISHED = "results_published", "Итоги опубликованы"

    territory = models.ForeignKey(
        "cities.Territory",
        models.PROTECT,
        related_name="meetings",
        verbose_name="территория",
    )
    starts_at = models.DateTimeField("начало", db_index=True)
    place = models.CharField("место", max_length=300, blank=True)
    participants = models.TextField("участники", blank=True)
    agenda = models.TextField("повестка", blank=True)
    state = models.CharField(
        "состояние", max_length=20, choices=State.choices, default=State.PLANNED, db_index=True
    )
    announcement = models.ForeignKey(
        "plan.Post",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="пост-анонс",
    )
    held_at = models.DateTimeField("проведена", null=True, blank=True)
    hashtag = models.CharField(
        "хештег",
        max_length=60,
        blank=True,
        db_index=True,
        help_text="Сообщения с ним в наших каналах становятся вопросами к встрече.",
    )
    results_post = models.ForeignKey(
        "plan.Post",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="пост с итогами",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто создал",
    )
    film_url = models.URLField(
        "фильм о встрече",
        max_length=1000,
        blank=True,
        help_text="Ссылка http(s) на видео (VK Видео, RuTube, сайт администрации).",
    )
    created_at = models.DateTimeField("создана", default=timezone.now)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = "встреча мэра"
        verbose_name_plural = "встречи мэра"

    def __str__(self) -> str:
        when = timezone.localtime(self.starts_at).strftime("%d.%m.%Y %H:%M")
        return f"Встреча {when}"


class Question(models.Model):
    """A resident's question: asked in advance (often a message in the inbox) or at the meeting;
    answered on the spot or turned into an instruction. The asker's name is internal."""

    class Asked(models.TextChoices):
        ADVANCE = "advance", "Заранее"
        AT_MEETING = "at_meeting", "На встрече"

    class State(models.TextChoices):
        OPEN = "open", "Без ответа"
        ANSWERED = "answered", "Ответ на месте"
        INSTRUCTED = "instructed", "Дано поручение"

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="questions", verbose_name="встреча"
    )
    text = models.TextField("вопрос")
    asker_name = models.CharField(
        "кто спросил",
        max_length=200,
        blank=True,
        help_text="Только для сотрудников: на публичных страницах не показывается.",
    )
    message = models.ForeignKey(
        "inbox.Message",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="сообщение",
    )
    topic = models.CharField("тема", max_length=200, blank=True)
    asked = models.CharField("когда задан", max_length=20, choices=Asked.choices)
    state = models.CharField("итог", max_length=20, choices=State.choices, default=State.OPEN)
    answer = models.TextField("ответ на месте", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто записал",
    )
    created_at = models.DateTimeField("записан", default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message"],
                condition=Q(message__isnull=False),
                name="question_one_per_message",
            )
        ]
        verbose_name = "вопрос жителя"
        verbose_name_plural = "вопросы жителей"

    def __str__(self) -> str:
        return self.text[:80]


OPEN_STATES = ("issued", "in_progress")


class Instruction(models.Model):
    """An instruction of the Mayor (поручение) with its deadline: the end of the working day of
    its due date, in the city's time zone, stored in UTC."""

    class State(models.TextChoices):
        ISSUED = "issued", "Выдано"
        IN_PROGRESS = "in_progress", "В работе"
        DONE = "done", "Выполнено"
        CANCELLED = "cancelled", "Отменено"

    meeting = models.ForeignKey(
        Meeting,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="instructions",
        verbose_name="встреча",
    )
    question = models.ForeignKey(
        Question,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="instructions",
        verbose_name="вопрос",
    )
    number = models.CharField("номер", max_length=20, unique=True)
    text = models.TextField("текст поручения")
    department = models.ForeignKey(
        "cities.Department",
        models.PROTECT,
        related_name="instructions",
        verbose_name="подразделение",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="instructions",
        verbose_name="ответственный",
    )
    deadline = models.DateTimeField("срок", db_index=True)
    warn_at = models.DateTimeField(
        "напомнить", db_index=True, help_text="Начало рабочего дня накануне срока"
    )
    expected_result = models.TextField("ожидаемый результат", blank=True)
    state = models.CharField(
        "состояние", max_length=20, choices=State.choices, default=State.ISSUED, db_index=True
    )
    warned_at = models.DateTimeField("напоминание отправлено", null=True, blank=True)
    overdue_notified_at = models.DateTimeField("сообщено о просрочке", null=True, blank=True)
    done_at = models.DateTimeField("выполнено", null=True, blank=True)
    result = models.TextField("результат", blank=True)
    incidents = models.ManyToManyField(
        "incidents.Incident", blank=True, related_name="instructions", verbose_name="инциденты"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто выдал",
    )
    created_at = models.DateTimeField("выдано", default=timezone.now)

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["department", "state"], name="instruction_dept_state_idx")]
        verbose_name = "поручение"
        verbose_name_plural = "поручения"

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.deadline < timezone.now()


def overdue_q(now: object = None) -> Q:
    """Open instructions whose deadline has passed, as a filter."""
    return Q(state__in=OPEN_STATES, deadline__lt=now or timezone.now())


def report_photo_path(event: InstructionEvent, filename: str) -> str:
    """Photos of progress reports: under MEDIA_ROOT, served only through the staff view."""
    moment = timezone.localtime(event.created_at)
    return f"meetings/reports/{moment:%Y/%m}/{event.instruction_id}-{filename}"


class InstructionEvent(models.Model):
    """An instruction's history: who did what, when and why."""

    class Kind(models.TextChoices):
        ISSUED = "issued", "Выдано"
        TAKEN = "taken", "Принято в работу"
        PROGRESS = "progress", "Отчёт о ходе"
        EXTENDED = "extended", "Срок продлён"
        DONE = "done", "Выполнено"
        CANCELLED = "cancelled", "Отменено"
        REMINDED = "reminded", "Напоминание"
        LINKED = "linked", "Связан инцидент"
        UNLINKED = "unlinked", "Связь с инцидентом снята"

    instruction = models.ForeignKey(
        Instruction, models.CASCADE, related_name="events", verbose_name="поручение"
    )
    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто",
    )
    text = models.TextField("текст", blank=True)
    photo = models.ImageField("фото", upload_to=report_photo_path, blank=True)
    old_deadline = models.DateTimeField("прежний срок", null=True, blank=True)
    new_deadline = models.DateTimeField("новый срок", null=True, blank=True)
    created_at = models.DateTimeField("когда", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "событие поручения"
        verbose_name_plural = "события поручений"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.instruction_id}"


class QuestionCursor(models.Model):
    """How far `link_questions` has read the inbox: the last message id it claimed. A worker
    claims the next batch with a conditional UPDATE of `last_message_id`, so one reads it."""

    name = models.CharField("имя", max_length=40, unique=True)
    last_message_id = models.BigIntegerField("последнее сообщение", default=0)
    updated_at = models.DateTimeField("обновлён", default=timezone.now)

    class Meta:
        verbose_name = "курсор вопросов из входящих"
        verbose_name_plural = "курсоры вопросов из входящих"

    def __str__(self) -> str:
        return f"{self.name}: {self.last_message_id}"


def meeting_photo_path(photo: MeetingPhoto, filename: str) -> str:
    """Photos of a meeting: under MEDIA_ROOT, served only through the staff view."""
    moment = timezone.localtime(photo.created_at)
    return f"meetings/photos/{moment:%Y/%m}/{photo.meeting_id}-{filename}"


class MeetingPhoto(models.Model):
    """A photo of the meeting, re-encoded without EXIF (otklik.photos), with its thumbnail."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="photos", verbose_name="встреча"
    )
    photo = models.ImageField("фото", upload_to=meeting_photo_path)
    thumb = models.ImageField("миниатюра", upload_to=meeting_photo_path)
    caption = models.CharField("подпись", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто добавил",
    )
    created_at = models.DateTimeField("добавлено", default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "фото встречи"
        verbose_name_plural = "фото встреч"

    def __str__(self) -> str:
        return self.caption or f"Фото {self.pk}"
