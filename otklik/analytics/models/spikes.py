"""Spike alerts: a series (category × territory, or a new topic's cluster) that received more
messages than its baseline predicts. Written only by otklik.analytics.actions.spikes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Spike(models.Model):
    class State(models.TextChoices):
        NEW = "new", "Новый"
        ACKNOWLEDGED = "acknowledged", "Принят"
        DISMISSED = "dismissed", "Ложная тревога"

    series_key = models.CharField("ряд", max_length=64, db_index=True)
    category = models.ForeignKey(
        "cities.Category",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="категория",
    )
    territory = models.ForeignKey(
        "cities.Territory",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="территория",
    )
    topic = models.CharField(
        "новая тема", max_length=200, blank=True, help_text="Слова кластера без категории"
    )
    window_start = models.DateTimeField("окно с")
    window_end = models.DateTimeField("окно по", db_index=True)
    observed = models.PositiveIntegerField("сообщений")
    expected = models.FloatField("ожидалось")
    p_value = models.FloatField("p-значение")
    state = models.CharField(
        "состояние", max_length=20, choices=State.choices, default=State.NEW, db_index=True
    )
    messages = models.ManyToManyField(
        "inbox.Message", related_name="+", blank=True, verbose_name="сообщения"
    )
    post = models.ForeignKey(
        "plan.Post",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="пост-разъяснение",
    )
    chart = models.JSONField(
        "ряд для графика", default=list, blank=True, help_text="[час, сообщений, ожидалось, верх]"
    )
    detected_at = models.DateTimeField("обнаружен", default=timezone.now)
    updated_at = models.DateTimeField("обновлён", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто решил",
    )
    decided_at = models.DateTimeField("когда решено", null=True, blank=True)

    class Meta:
        ordering = ["-window_end", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series_key", "window_start"], name="analytics_spike_window_once"
            )
        ]
        verbose_name = "всплеск обращений"
        verbose_name_plural = "всплески обращений"

    def __str__(self) -> str:
        return f"{self.series_label}: {self.observed} при ожидаемых {self.expected:.1f}"

    @property
    def series_label(self) -> str:
        if self.topic:
            return f"Новая тема: {self.topic}"
        place = self.territory.name if self.territory_id else "территория не указана"
        name = self.category.name if self.category_id else "без категории"
        return f"{name} — {place}"

    @property
    def ratio(self) -> float:
        return self.observed / self.expected if self.expected > 0 else float("inf")


class SpikeRun(models.Model):
    """One hourly evaluation, claimed by inserting its hour: of any number of workers one runs
    it (the others hit the unique hour)."""

    hour = models.DateTimeField("час", unique=True)
    started_at = models.DateTimeField("начата", default=timezone.now)
    flagged = models.PositiveIntegerField("всплесков", default=0)

    class Meta:
        ordering = ["-hour"]
        verbose_name = "проверка на всплески"
        verbose_name_plural = "проверки на всплески"

    def __str__(self) -> str:
        return f"{self.hour:%Y-%m-%d %H:%M}"
