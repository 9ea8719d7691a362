"""The information work: campaigns, posts and each post's publication in each channel."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Campaign(models.Model):
    class Kind(models.TextChoices):
        NATIONAL = "national", "Национальный проект"
        MUNICIPAL = "municipal", "Муниципальная программа"
        THEME = "theme", "Тема"

    slug = models.SlugField("код", max_length=64, unique=True)
    title = models.CharField("название", max_length=200)
    kind = models.CharField("вид", max_length=20, choices=Kind.choices, default=Kind.THEME)
    goal = models.TextField("цель", blank=True)
    starts_on = models.DateField("начало", null=True, blank=True)
    ends_on = models.DateField("окончание", null=True, blank=True)
    territories = models.ManyToManyField(
        "cities.Territory", blank=True, related_name="campaigns", verbose_name="территории"
    )
    hashtags = models.CharField("хештеги", max_length=500, blank=True)
    colour = models.CharField("цвет", max_length=7, default="#4a76a8")
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="campaigns",
        verbose_name="ответственные",
    )
    created_at = models.DateTimeField("создана", default=timezone.now)

    class Meta:
        ordering = ["title"]
        verbose_name = "кампания"
        verbose_name_plural = "кампании"

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Черновик"
        ON_APPROVAL = "on_approval", "На согласовании"
        APPROVED = "approved", "Утверждён"
        PUBLISHED = "published", "Опубликован"
        PARTLY_FAILED = "partly_failed", "Опубликован не везде"
        FAILED = "failed", "Не опубликован"

    title = models.CharField("заголовок", max_length=200, blank=True)
    text = models.TextField("текст")
    campaign = models.ForeignKey(
        Campaign,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name="кампания",
    )
    publish_at = models.DateTimeField("время публикации", db_index=True)
    state = models.CharField(
        "состояние", max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="автор",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="утвердил",
    )
    approved_at = models.DateTimeField("утверждён", null=True, blank=True)
    external_id = models.CharField(
        "идентификатор при импорте", max_length=255, null=True, blank=True, unique=True
    )
    image = models.CharField("изображение (путь)", max_length=500, blank=True)
    created_at = models.DateTimeField("создан", default=timezone.now)
    updated_at = models.DateTimeField("изменён", default=timezone.now)

    class Meta:
        ordering = ["publish_at", "id"]
        verbose_name = "пост"
        verbose_name_plural = "посты"

    def __str__(self) -> str:
        return self.title or self.text[:60]


class PostChannel(models.Model):
    """One post in one channel: published exactly once, under a lease."""

    class State(models.TextChoices):
        PENDING = "pending", "Ожидает"
        IN_FLIGHT = "in_flight", "Отправляется"
        PUBLISHED = "published", "Опубликован"
        FAILED = "failed", "Ошибка"

    post = models.ForeignKey(Post, models.CASCADE, related_name="channels", verbose_name="пост")
    source = models.ForeignKey(
        "sources.Source", models.PROTECT, related_name="+", verbose_name="канал"
    )
    text = models.TextField("вариант текста", blank=True, help_text="Пусто — текст поста")
    state = models.CharField(
        "состояние", max_length=20, choices=State.choices, default=State.PENDING, db_index=True
    )
    external_id = models.CharField("идентификатор на площадке", max_length=255, blank=True)
    url = models.URLField("ссылка", max_length=1000, blank=True)
    error = models.TextField("ошибка площадки", blank=True)
    reason = models.TextField("причина", blank=True)
    attempts = models.PositiveIntegerField("попыток", default=0)
    next_attempt_at = models.DateTimeField("следующая попытка", null=True, blank=True)
    claimed_by = models.CharField("обработчик", max_length=120, blank=True)
    lease_until = models.DateTimeField("аренда до", null=True, blank=True)
    published_at = models.DateTimeField("опубликован", null=True, blank=True)
    # The statistics schedule (plan.actions.metrics): the next step's time, indexed, and a plain
    # word where the platform gives none.
    metrics_step = models.PositiveSmallIntegerField("срезов снято", default=0)
    next_metrics_at = models.DateTimeField(
        "следующий срез статистики", null=True, blank=True, db_index=True
    )
    metrics_note = models.CharField("о статистике", max_length=300, blank=True)

    class Meta:
        ordering = ["post", "source__name"]
        verbose_name = "публикация поста"
        verbose_name_plural = "публикации постов"
        constraints = [
            models.UniqueConstraint(fields=["post", "source"], name="plan_postchannel_unique")
        ]

    def __str__(self) -> str:
        return f"{self.post} → {self.source}"

    @property
    def body(self) -> str:
        return self.text or self.post.text


class PostEvent(models.Model):
    """The post's history: who created, submitted, approved, moved, retried it, and what the
    worker did. Written only by plan.actions."""

    class Kind(models.TextChoices):
        CREATED = "created", "Создан"
        EDITED = "edited", "Изменён"
        SUBMITTED = "submitted", "Отправлен на согласование"
        APPROVED = "approved", "Утверждён"
        RESCHEDULED = "rescheduled", "Перенесён"
        PUBLISHED = "published", "Опубликован"
        FAILED = "failed", "Ошибка публикации"
        RETRIED = "retried", "Повтор"

    post = models.ForeignKey(Post, models.CASCADE, related_name="events", verbose_name="пост")
    at = models.DateTimeField("когда", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто",
    )
    kind = models.CharField("событие", max_length=20, choices=Kind.choices)
    text = models.TextField("подробности", blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "событие поста"
        verbose_name_plural = "события постов"


class ChannelNorm(models.Model):
    """A page's category under the rules for official pages and its weekly norm of posts."""

    class Category(models.TextChoices):
        FLAGSHIP = "flagship", "Флагманский"
        ACTIVE = "active", "Активный"
        CARD = "card", "Визитка"

    source = models.OneToOneField(
        "sources.Source", models.CASCADE, related_name="+", verbose_name="канал"
    )
    category = models.CharField(
        "категория", max_length=20, choices=Category.choices, default=Category.ACTIVE
    )
    weekly_posts = models.PositiveIntegerField("постов в неделю (норма)", default=7)

    class Meta:
        verbose_name = "норма канала"
        verbose_name_plural = "нормы каналов"

    def __str__(self) -> str:
        return f"{self.source}: {self.get_category_display()}, {self.weekly_posts}/нед."


class PostMetric(models.Model):
    """What residents made of one post in one channel, read at a step after publication."""

    channel = models.ForeignKey(
        PostChannel, models.CASCADE, related_name="metrics", verbose_name="публикация"
    )
    step = models.CharField("срез", max_length=8)  # "1h", "6h", "24h", "72h", "7d"
    taken_at = models.DateTimeField("снят", default=timezone.now)
    views = models.PositiveIntegerField("просмотры", null=True, blank=True)
    reach = models.PositiveIntegerField("охват", null=True, blank=True)
    likes = models.PositiveIntegerField("отметки «нравится»", null=True, blank=True)
    reposts = models.PositiveIntegerField("репосты", null=True, blank=True)
    comments = models.PositiveIntegerField("комментарии", null=True, blank=True)

    class Meta:
        ordering = ["channel", "taken_at"]
        verbose_name = "срез статистики"
        verbose_name_plural = "срезы статистики"
        constraints = [
            models.UniqueConstraint(fields=["channel", "step"], name="plan_postmetric_unique")
        ]


class SubscriberCount(models.Model):
    """The number of subscribers of one of our pages, once a day."""

    source = models.ForeignKey(
        "sources.Source", models.CASCADE, related_name="+", verbose_name="канал"
    )
    day = models.DateField("день")
    count = models.PositiveIntegerField("подписчиков")
    taken_at = models.DateTimeField("снят", default=timezone.now)

    class Meta:
        ordering = ["source", "day"]
        verbose_name = "число подписчиков"
        verbose_name_plural = "числа подписчиков"
        constraints = [
            models.UniqueConstraint(fields=["source", "day"], name="plan_subscribers_unique")
        ]
