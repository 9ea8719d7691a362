"""Polls (our own page and the platforms' native polls) and residents' initiatives.

Written only by otklik.polls.actions. A voter is never stored by address: `voter_key` is a keyed
hash (HMAC with SECRET_KEY) of a random token kept in the browser's signed cookie
(otklik.polls.voters), so one browser votes once and nobody can tell who voted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Poll(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Черновик"
        OPEN = "open", "Идёт"
        CLOSED = "closed", "Завершён"

    question = models.CharField("вопрос", max_length=300)
    description = models.TextField("пояснение", blank=True, max_length=2000)
    starts_at = models.DateTimeField("начало")
    ends_at = models.DateTimeField("окончание", db_index=True)
    territory = models.ForeignKey(
        "cities.Territory",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="территория",
    )
    state = models.CharField(
        "состояние", max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="автор",
    )
    created_at = models.DateTimeField("создан", default=timezone.now)
    closed_at = models.DateTimeField("закрыт", null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = "опрос"
        verbose_name_plural = "опросы"

    def __str__(self) -> str:
        return self.question


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, models.CASCADE, related_name="options", verbose_name="опрос")
    position = models.PositiveSmallIntegerField("порядок")
    text = models.CharField("вариант", max_length=100)

    class Meta:
        ordering = ["poll", "position"]
        verbose_name = "вариант ответа"
        verbose_name_plural = "варианты ответа"
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="polls_option_position")
        ]

    def __str__(self) -> str:
        return self.text


class PollChannel(models.Model):
    """The poll published once in one of our channels (a Telegram native poll, a VK poll on the
    wall), and the counts last read from there."""

    class State(models.TextChoices):
        SENDING = "sending", "Отправляется"
        PUBLISHED = "published", "Опубликован"
        FAILED = "failed", "Ошибка"
        SKIPPED = "skipped", "Пропущен"

    poll = models.ForeignKey(Poll, models.CASCADE, related_name="channels", verbose_name="опрос")
    source = models.ForeignKey(
        "sources.Source", models.PROTECT, related_name="+", verbose_name="канал"
    )
    state = models.CharField(
        "состояние", max_length=10, choices=State.choices, default=State.SENDING, db_index=True
    )
    external_id = models.CharField("пост на площадке", max_length=255, blank=True)
    platform_poll_id = models.CharField(
        "опрос на площадке", max_length=255, blank=True, db_index=True
    )
    #: The platform's answer ids in the order of our options (VK); Telegram keeps the order.
    answer_ids = models.JSONField("идентификаторы ответов", default=list, blank=True)
    url = models.URLField("ссылка", max_length=1000, blank=True)
    reason = models.TextField("причина", blank=True)
    published_at = models.DateTimeField("опубликован", null=True, blank=True)
    counts_fetched_at = models.DateTimeField("голоса прочитаны", null=True, blank=True)
    total_voters = models.PositiveIntegerField("проголосовало", null=True, blank=True)
    next_fetch_at = models.DateTimeField("следующее чтение", null=True, blank=True, db_index=True)
    #: Telegram: when stopPoll closed the poll in the channel (its final counts stored then);
    #: `stop_reason` says why it could not be stopped, if it could not.
    stopped_at = models.DateTimeField("остановлен на площадке", null=True, blank=True)
    stop_reason = models.TextField("почему не остановлен", blank=True)

    class Meta:
        ordering = ["poll", "source__name"]
        verbose_name = "публикация опроса"
        verbose_name_plural = "публикации опросов"
        constraints = [
            models.UniqueConstraint(fields=["poll", "source"], name="polls_channel_unique")
        ]

    def __str__(self) -> str:
        return f"{self.poll} → {self.source}"


class Vote(models.Model):
    """A vote on our own page: one per browser (`voter_key`) and poll."""

    poll = models.ForeignKey(Poll, models.CASCADE, related_name="votes", verbose_name="опрос")
    option = models.ForeignKey(
        PollOption, models.CASCADE, related_name="votes", verbose_name="вариант"
    )
    territory = models.ForeignKey(
        "cities.Territory",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="территория",
    )
    voter_key = models.CharField("ключ голосующего", max_length=64)
    created_at = models.DateTimeField("когда", default=timezone.now)

    class Meta:
        verbose_name = "голос"
        verbose_name_plural = "голоса"
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter_key"], name="polls_vote_once")
        ]


class ChannelCount(models.Model):
    """A platform's count for one option, as last read."""

    channel = models.ForeignKey(
        PollChannel, models.CASCADE, related_name="counts", verbose_name="публикация"
    )
    option = models.ForeignKey(PollOption, models.CASCADE, related_name="+", verbose_name="вариант")
    count = models.PositiveIntegerField("голосов", default=0)
    fetched_at = models.DateTimeField("прочитано", default=timezone.now)

    class Meta:
        verbose_name = "голоса на площадке"
        verbose_name_plural = "голоса на площадках"
        constraints = [
            models.UniqueConstraint(fields=["channel", "option"], name="polls_count_unique")
        ]


class IntakeCursor(models.Model):
    """How far the polls app has read the raw payloads of one kind (the last payload id): each
    `poll` update of Telegram is read once, the cursor moved by a conditional UPDATE."""

    name = models.CharField("что читается", max_length=64, unique=True)
    position = models.BigIntegerField("последний прочитанный пакет", default=0)
    updated_at = models.DateTimeField("сдвинут", default=timezone.now)

    class Meta:
        verbose_name = "позиция чтения"
        verbose_name_plural = "позиции чтения"

    def __str__(self) -> str:
        return f"{self.name}: {self.position}"


class Initiative(models.Model):
    class State(models.TextChoices):
        PROPOSED = "proposed", "Предложена"
        UNDER_REVIEW = "under_review", "Рассматривается"
        ACCEPTED = "accepted", "Принята"
        DECLINED = "declined", "Отклонена"
        DONE = "done", "Реализована"

    territory = models.ForeignKey(
        "cities.Territory", models.PROTECT, related_name="+", verbose_name="территория"
    )
    title = models.CharField("название", max_length=200)
    text = models.TextField("описание", max_length=5000)
    # The author's name and contact are kept for the press service only: never on public pages.
    author_name = models.CharField("имя автора", max_length=100, blank=True)
    author_contact = models.CharField("контакт автора", max_length=150, blank=True)
    state = models.CharField(
        "состояние",
        max_length=20,
        choices=State.choices,
        default=State.PROPOSED,
        db_index=True,
    )
    answer = models.TextField("ответ администрации", blank=True)
    decline_reason = models.TextField("причина отказа", blank=True)
    campaign = models.ForeignKey(
        "plan.Campaign",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="программа",
    )
    instruction_number = models.CharField("номер поручения", max_length=40, blank=True)
    created_at = models.DateTimeField("предложена", default=timezone.now, db_index=True)
    decided_at = models.DateTimeField("решение принято", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="решение принял",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "инициатива"
        verbose_name_plural = "инициативы"

    def __str__(self) -> str:
        return self.title


class Support(models.Model):
    initiative = models.ForeignKey(
        Initiative, models.CASCADE, related_name="supports", verbose_name="инициатива"
    )
    voter_key = models.CharField("ключ поддержавшего", max_length=64)
    created_at = models.DateTimeField("когда", default=timezone.now)

    class Meta:
        verbose_name = "поддержка"
        verbose_name_plural = "поддержки"
        constraints = [
            models.UniqueConstraint(fields=["initiative", "voter_key"], name="polls_support_once")
        ]
