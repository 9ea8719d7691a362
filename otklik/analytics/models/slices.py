"""The coarse rollups for long periods: the daily rollups summed over one dimension at a time
(the city, or each department, category, territory, source) by day and by calendar month,
without the territory × category × department cross product.

Written only by otklik.analytics.actions.slices, from the daily rows of the same day (a day's
slices) and from the day slices of the month (a month's). A period reads its whole months from
the month rows and its edge days from the day rows (otklik.analytics.dashboard_slices).
"""

from __future__ import annotations

from django.db import models


class Grain(models.TextChoices):
    DAY = "day", "День"
    MONTH = "month", "Месяц"


class Dim(models.TextChoices):
    CITY = "city", "Город"
    DEPARTMENT = "department", "Подразделение"
    CATEGORY = "category", "Категория"
    TERRITORY = "territory", "Территория"
    SOURCE = "source", "Источник"


class SliceIncidents(models.Model):
    """DailyIncidents summed over one dimension, by day or by month (day: the month's first)."""

    grain = models.CharField(max_length=5, choices=Grain.choices)
    day = models.DateField("день или начало месяца")
    dim = models.CharField(max_length=10, choices=Dim.choices)
    key = models.BigIntegerField("номер", null=True, blank=True)  # None: the city, or none
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
        indexes = [models.Index(fields=["dim", "grain", "day"], name="analytics_sinc_dim_day")]
        verbose_name = "инциденты за период по измерению"
        verbose_name_plural = "инциденты по периодам и измерениям"


class SliceDurations(models.Model):
    """DailyDurations summed for the city or per department, by day or by month."""

    grain = models.CharField(max_length=5, choices=Grain.choices)
    day = models.DateField("день или начало месяца")
    dim = models.CharField(max_length=10, choices=Dim.choices)
    key = models.BigIntegerField("номер", null=True, blank=True)
    clock = models.CharField(max_length=5)
    bucket = models.SmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["dim", "grain", "day"], name="analytics_sdur_dim_day")]
        verbose_name = "распределение сроков за период"
        verbose_name_plural = "распределения сроков по периодам"


class SliceMessages(models.Model):
    """DailyMessages summed per source (with its kind), category or territory."""

    grain = models.CharField(max_length=5, choices=Grain.choices)
    day = models.DateField("день или начало месяца")
    dim = models.CharField(max_length=10, choices=Dim.choices)
    key = models.BigIntegerField("номер", null=True, blank=True)
    source_kind = models.CharField("вид канала", max_length=20, blank=True)
    count = models.PositiveIntegerField(default=0)
    positive = models.PositiveIntegerField(default=0)
    neutral = models.PositiveIntegerField(default=0)
    negative = models.PositiveIntegerField(default=0)
    toxic = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["dim", "grain", "day"], name="analytics_smsg_dim_day")]
        verbose_name = "сообщения за период по измерению"
        verbose_name_plural = "сообщения по периодам и измерениям"
