"""What the triage models suggested for each message, which model said it, and what people chose."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import dateformat, timezone

from otklik.incidents.states import Priority

SENTIMENTS = {
    "negative": "негативная",
    "neutral": "нейтральная",
    "positive": "позитивная",
    "thanks": "благодарность",
    "speech": "приветствие, поздравление",
    "skip": "не определена",
}


# What a correction corrects (Correction.field), and the model's heads, as the pages name them.
FIELD_LABELS = {
    "category_group": "группа тем",
    "category": "тема",
    "department": "подразделение",
    "territory": "территория",
    "priority": "приоритет",
    "actionable": "обращение",
    "sentiment": "тональность",
    "toxicity": "оскорбления",
}


class ModelVersion(models.Model):
    """A trained model directory, with its cross-validated figures and its held-out evaluation."""

    version = models.CharField("версия", max_length=100, unique=True)
    path = models.CharField("каталог", max_length=500)
    created_at = models.DateTimeField("обучена", default=timezone.now)
    trained_on = models.PositiveIntegerField("примеров", default=0)
    card = models.JSONField("карточка модели", default=dict, blank=True)
    holdout = models.JSONField("оценка на отложенной выборке", default=dict, blank=True)
    is_active = models.BooleanField("активна", default=False, db_index=True)
    note = models.CharField("примечание", max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "версия модели"
        verbose_name_plural = "версии моделей"

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """A person's name for the version: when it was trained, in the city's time
        («28 ноября 2026, 19:18»); the code (20261128-191819-574d21ce) stays for the logs."""
        return dateformat.format(timezone.localtime(self.created_at), "j E Y, H:i")


class TriageSettings(models.Model):
    """One row: what the administrator has turned on."""

    auto_route = models.BooleanField(
        "автоматическая маршрутизация",
        default=False,
        help_text="Создавать и направлять инциденты автоматически, когда модель уверена",
    )
    min_actionable = models.FloatField("порог «обращение»", default=0.8)
    retrain_min_new_examples = models.PositiveIntegerField(
        "новых примеров для переобучения", default=50
    )
    retrain_every_days = models.PositiveIntegerField("переобучать раз в дней", default=7)

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
        "inbox.Message",
        models.CASCADE,
        related_name="suggestion",
        primary_key=True,
        verbose_name="сообщение",
    )
    model_version = models.ForeignKey(
        ModelVersion, models.SET_NULL, null=True, blank=True, verbose_name="версия модели"
    )
    created_at = models.DateTimeField("создана", default=timezone.now)
    actionable = models.FloatField("обращение (вероятность)", default=0.0)
    actionable_reason = models.CharField("почему обращение", max_length=300, blank=True)
    category = models.ForeignKey(
        "cities.Category",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="категория",
    )
    category_confidence = models.FloatField("уверенность в категории", default=0.0)
    department = models.ForeignKey(
        "cities.Department",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="подразделение",
    )
    department_confidence = models.FloatField("уверенность в подразделении", default=0.0)
    top = models.JSONField("другие варианты", default=dict, blank=True)
    confident = models.BooleanField("модель уверена", default=False)
    territory = models.ForeignKey(
        "cities.Territory",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="территория",
    )
    address = models.CharField("адрес", max_length=300, blank=True)
    priority = models.CharField("приоритет", max_length=20, default="normal")
    urgency_reasons = models.JSONField("признаки срочности", default=list, blank=True)
    sentiment = models.CharField("тональность", max_length=20, blank=True)
    toxic = models.BooleanField("оскорбление", default=False)
    toxicity_score = models.FloatField("оценка оскорбительности", default=0.0)
    sensitive = models.JSONField("чувствительные темы", default=list, blank=True)
    same_as = models.ForeignKey(
        "inbox.Message",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="повтор сообщения",
    )
    # A moderator's correction of a near-duplicate replaced some of the model's values at once
    # (otklik.suggestions.actions.apply_corrections): which message, why, and what the model
    # itself had said for each replaced field ({"category": "roads", "actionable": 0.93}).
    corrected_by = models.ForeignKey(
        "inbox.Message",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="исправлено по сообщению",
    )
    correction_reason = models.CharField("почему исправлено", max_length=300, blank=True)
    model_said = models.JSONField("что подсказала модель", default=dict, blank=True)
    error = models.TextField("ошибка", blank=True)

    class Meta:
        verbose_name = "подсказка"
        verbose_name_plural = "подсказки"

    def __str__(self) -> str:
        return f"подсказка к сообщению {self.message_id}"

    @property
    def priority_label(self) -> str:
        return dict(Priority.choices).get(self.priority, self.priority)

    @property
    def sentiment_label(self) -> str:
        return SENTIMENTS.get(self.sentiment, self.sentiment)


class Correction(models.Model):
    """A moderator's decision that differs from the suggestion: a labelled example."""

    message = models.ForeignKey(
        "inbox.Message", models.CASCADE, related_name="corrections", verbose_name="сообщение"
    )
    field = models.CharField("поле", max_length=40)
    suggested = models.CharField("подсказано", max_length=200, blank=True)
    chosen = models.CharField("выбрано", max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, verbose_name="сотрудник"
    )
    created_at = models.DateTimeField("когда", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "исправление модератора"
        verbose_name_plural = "исправления модераторов"

    def __str__(self) -> str:
        return f"{self.field_label}: {self.suggested} → {self.chosen}"

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


class TriageClaim(models.Model):
    """A worker's claim on an untriaged message for one lease, so that several workers triage
    different messages (otklik.suggestions.actions.claim_pending). Deleted once the batch is
    stored; a claim whose lease ran out belonged to a worker that died and is taken over."""

    message = models.OneToOneField(
        "inbox.Message",
        models.CASCADE,
        related_name="triage_claim",
        primary_key=True,
        verbose_name="сообщение",
    )
    claimed_by = models.CharField("обработчик", max_length=120)
    lease_until = models.DateTimeField("занято до")

    class Meta:
        verbose_name = "захват на разбор"
        verbose_name_plural = "захваты на разбор"

    def __str__(self) -> str:
        return f"сообщение {self.message_id} разбирает {self.claimed_by}"
