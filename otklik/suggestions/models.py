"""What the triage models suggested for each message, which model said it, and what people chose."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from otklik.incidents.states import Priority

SENTIMENTS = {
    "negative": "негативная",
    "neutral": "нейтральная",
    "positive": "позитивная",
    "thanks": "благодарность",
    "speech": "приветствие, поздравление",
    "skip": "не определена",
}


class ModelVersion(models.Model):
    """A trained model directory, with its cross-validated figures and its held-out evaluation."""

    version = models.CharField(max_length=100, unique=True)
    path = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    trained_on = models.PositiveIntegerField(default=0)
    card = models.JSONField(default=dict, blank=True)
    holdout = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=False, db_index=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "версия модели"
        verbose_name_plural = "версии моделей"

    def __str__(self) -> str:
        return self.version


class TriageSettings(models.Model):
    """One row: what the administrator has turned on."""

    auto_route = models.BooleanField(
        default=False,
        help_text="Создавать и направлять инциденты автоматически, когда модель уверена",
    )
    min_actionable = models.FloatField(default=0.8)
    retrain_min_new_examples = models.PositiveIntegerField(default=50)
    retrain_every_days = models.PositiveIntegerField(default=7)

    class Meta:
        verbose_name = "настройки разбора"
        verbose_name_plural = "настройки разбора"

    def __str__(self) -> str:
        return "Настройки автоматического разбора"

    @classmethod
    def current(cls) -> TriageSettings:
        found, _ = cls.objects.get_or_create(pk=1)
        return found


class Suggestion(models.Model):
    message = models.OneToOneField(
        "inbox.Message", models.CASCADE, related_name="suggestion", primary_key=True
    )
    model_version = models.ForeignKey(ModelVersion, models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    actionable = models.FloatField(default=0.0)
    actionable_reason = models.CharField(max_length=300, blank=True)
    category = models.ForeignKey(
        "cities.Category", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    category_confidence = models.FloatField(default=0.0)
    department = models.ForeignKey(
        "cities.Department", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    department_confidence = models.FloatField(default=0.0)
    top = models.JSONField(default=dict, blank=True)
    confident = models.BooleanField(default=False)
    territory = models.ForeignKey(
        "cities.Territory", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    address = models.CharField(max_length=300, blank=True)
    priority = models.CharField(max_length=20, default="normal")
    urgency_reasons = models.JSONField(default=list, blank=True)
    sentiment = models.CharField(max_length=20, blank=True)
    toxic = models.BooleanField(default=False)
    toxicity_score = models.FloatField(default=0.0)
    sensitive = models.JSONField(default=list, blank=True)
    same_as = models.ForeignKey(
        "inbox.Message", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = "подсказка"
        verbose_name_plural = "подсказки"

    def __str__(self) -> str:
        return f"suggestion for {self.message_id}"

    @property
    def priority_label(self) -> str:
        return dict(Priority.choices).get(self.priority, self.priority)

    @property
    def sentiment_label(self) -> str:
        return SENTIMENTS.get(self.sentiment, self.sentiment)


class Correction(models.Model):
    """A moderator's decision that differs from the suggestion: a labelled example."""

    message = models.ForeignKey("inbox.Message", models.CASCADE, related_name="corrections")
    field = models.CharField(max_length=40)
    suggested = models.CharField(max_length=200, blank=True)
    chosen = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "исправление модератора"
        verbose_name_plural = "исправления модераторов"

    def __str__(self) -> str:
        return f"{self.field}: {self.suggested} → {self.chosen}"
