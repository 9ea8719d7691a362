"""The dashboards' rollups: one fact row per incident, per-day sums and per-day histograms.

Written only by otklik.analytics.actions.rollups. A day's rows are recomputed whole (delete, then
insert) from the facts or the messages of that local day, so recomputing gives the same rows.
Days are the city's local days.
"""

from __future__ import annotations

from django.db import models


def _ref(model: str, related: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        model, models.SET_NULL, null=True, blank=True, related_name=related, db_constraint=False
    )


class RollupCursor(models.Model):
    """How far the worker has read one stream of changes (the last id, or the last moment)."""

    name = models.CharField("поток", max_length=40, unique=True)
    last_id = models.BigIntegerField("последний номер", default=0)
    last_at = models.DateTimeField("последний момент", null=True, blank=True)

    class Meta:
        verbose_name = "курсор сводок"
        verbose_name_plural = "курсоры сводок"

    def __str__(self) -> str:
        return f"{self.name}: {self.last_id}"


class IncidentFact(models.Model):
    """What the dashboards need of one incident, with its durations in working hours."""

    incident = models.OneToOneField(
        "incidents.Incident",
        models.CASCADE,
        primary_key=True,
        related_name="+",
        db_constraint=False,
    )
    opened_day = models.DateField("день создания", db_index=True)
    closed_day = models.DateField("день закрытия", null=True, blank=True, db_index=True)
    category = _ref("cities.Category")
    department = _ref("cities.Department")
    territory = _ref("cities.Territory")
    resolved = models.BooleanField("закрыт с ответом", default=False)
    first_reply_hours = models.FloatField("до первого ответа, раб. ч", null=True, blank=True)
    final_hours = models.FloatField("до окончательного ответа, раб. ч", null=True, blank=True)
    first_bucket = models.SmallIntegerField(null=True, blank=True)
    final_bucket = models.SmallIntegerField(null=True, blank=True)
    overdue = models.BooleanField("просрочен", default=False)
    intermediate = models.BooleanField("был промежуточный ответ", default=False)
    reopened = models.BooleanField("открывался повторно", default=False)
    still_open = models.BooleanField("открыт сейчас", default=False)
    rating_sum = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "факт инцидента"
        verbose_name_plural = "факты инцидентов"


class DailyIncidents(models.Model):
    """Per local day and (category, department, territory). Opened, first reply, overdue,
    intermediate answers, reopening and the ones still open now (the backlog by age) count on
    the day of creation; resolved, the final answer and the ratings on the day of closing."""

    day = models.DateField("день")
    category = _ref("cities.Category")
    department = _ref("cities.Department")
    territory = _ref("cities.Territory")
    opened = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    first_sum = models.FloatField(default=0.0)
    first_count = models.PositiveIntegerField(default=0)
    final_sum = models.FloatField(default=0.0)
    final_count = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    intermediate = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    still_open = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["day", "department"], name="analytics_dinc_day_dept"),
            # the backlog: only the rows that still have open incidents, whatever the days
            models.Index(
                fields=["day"], name="analytics_dinc_open", condition=models.Q(still_open__gt=0)
            ),
        ]
        verbose_name = "инциденты за день"
        verbose_name_plural = "инциденты по дням"


class DailyDurations(models.Model):
    """A histogram of working-hour durations: how many incidents of the day fell in each
    bucket (otklik.analytics.buckets), for the first reply (opening day) or the final answer
    (closing day). A period's median comes from the summed buckets."""

    class Clock(models.TextChoices):
        FIRST = "first", "Первый ответ"
        FINAL = "final", "Окончательный ответ"

    day = models.DateField("день")
    clock = models.CharField(max_length=5, choices=Clock.choices)
    category = _ref("cities.Category")
    department = _ref("cities.Department")
    territory = _ref("cities.Territory")
    bucket = models.SmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day", "clock"], name="analytics_ddur_day_clock")]
        verbose_name = "распределение сроков за день"
        verbose_name_plural = "распределения сроков по дням"


class DailyMessages(models.Model):
    """Messages per local day of writing and (source, territory, triage category), with the
    triage's tone and insults where the message has a suggestion."""

    day = models.DateField("день")
    source = _ref("sources.Source")
    source_kind = models.CharField("вид канала", max_length=20)
    category = _ref("cities.Category")
    territory = _ref("cities.Territory")
    count = models.PositiveIntegerField(default=0)
    positive = models.PositiveIntegerField(default=0)
    neutral = models.PositiveIntegerField(default=0)
    negative = models.PositiveIntegerField(default=0)
    toxic = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day", "source_kind"], name="analytics_dmsg_day_kind")]
        verbose_name = "сообщения за день"
        verbose_name_plural = "сообщения по дням"
