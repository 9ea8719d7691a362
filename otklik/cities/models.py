"""The city's reference data: territories, departments, categories and the address gazetteer."""

from __future__ import annotations

from django.db import models


class Territory(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", "Город"
        DISTRICT = "district", "Район"
        MICRODISTRICT = "microdistrict", "Микрорайон"
        SETTLEMENT = "settlement", "Населённый пункт"

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MICRODISTRICT)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children"
    )
    aliases = models.JSONField(default=list, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "территория"
        verbose_name_plural = "территории"

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=300)
    short_name = models.CharField(max_length=100, blank=True)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children"
    )
    territory = models.ForeignKey(
        Territory, models.SET_NULL, null=True, blank=True, related_name="departments"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "подразделение"
        verbose_name_plural = "подразделения"

    def __str__(self) -> str:
        return self.short_name or self.name


class Category(models.Model):
    """Group → topic, close to the Gosuslugi feedback platform's tree."""

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children"
    )
    description = models.TextField(blank=True)
    keywords = models.JSONField(default=list, blank=True)
    default_department = models.ForeignKey(
        Department, models.SET_NULL, null=True, blank=True, related_name="default_categories"
    )
    first_reply_hours = models.PositiveIntegerField(default=4)
    final_answer_days = models.PositiveIntegerField(default=7)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["parent__name", "name"]
        verbose_name = "категория"
        verbose_name_plural = "категории"

    def __str__(self) -> str:
        if self.parent_id and self.parent:
            return f"{self.parent.name} → {self.name}"
        return self.name


class Street(models.Model):
    """The gazetteer: streets with their types and abbreviations."""

    name = models.CharField(max_length=200)
    street_type = models.CharField(max_length=40, default="улица")
    aliases = models.JSONField(default=list, blank=True)
    territory = models.ForeignKey(
        Territory, models.SET_NULL, null=True, blank=True, related_name="streets"
    )

    class Meta:
        ordering = ["name"]
        unique_together = [("name", "street_type")]
        verbose_name = "улица"
        verbose_name_plural = "улицы"

    def __str__(self) -> str:
        return f"{self.street_type} {self.name}"


class Landmark(models.Model):
    """Places residents name instead of addresses: schools, parks, shops, stops."""

    name = models.CharField(max_length=200, unique=True)
    aliases = models.JSONField(default=list, blank=True)
    territory = models.ForeignKey(
        Territory, models.SET_NULL, null=True, blank=True, related_name="landmarks"
    )
    address = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "ориентир"
        verbose_name_plural = "ориентиры"

    def __str__(self) -> str:
        return self.name
