"""The city's reference data: territories, departments, categories and the address gazetteer."""

from __future__ import annotations

from django.db import models


class Territory(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", "Город"
        DISTRICT = "district", "Район"
        MICRODISTRICT = "microdistrict", "Микрорайон"
        SETTLEMENT = "settlement", "Населённый пункт"

    code = models.SlugField("код", max_length=64, unique=True)
    name = models.CharField("название", max_length=200)
    kind = models.CharField("тип", max_length=20, choices=Kind.choices, default=Kind.MICRODISTRICT)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="входит в",
    )
    aliases = models.JSONField("другие названия", default=list, blank=True)
    latitude = models.FloatField("широта", null=True, blank=True)
    longitude = models.FloatField("долгота", null=True, blank=True)
    description = models.TextField("описание", blank=True)
    outline = models.JSONField(
        "контур",
        default=list,
        blank=True,
        help_text="Приблизительный контур для карты: кольца точек [долгота, широта], "
        "как координаты GeoJSON Polygon; первое кольцо — внешняя граница.",
    )
    population = models.PositiveIntegerField(
        "население",
        null=True,
        blank=True,
        help_text="Число жителей: карта считает обращения на 1000 жителей.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "территория"
        verbose_name_plural = "территории"

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    code = models.SlugField("код", max_length=64, unique=True)
    name = models.CharField("название", max_length=300)
    short_name = models.CharField("краткое название", max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="входит в",
    )
    territory = models.ForeignKey(
        Territory,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="departments",
        verbose_name="территория",
    )
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("телефон", max_length=50, blank=True)
    description = models.TextField("описание", blank=True)
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "подразделение"
        verbose_name_plural = "подразделения"

    def __str__(self) -> str:
        return self.short_name or self.name


class Category(models.Model):
    """Group → topic, close to the Gosuslugi feedback platform's tree."""

    code = models.SlugField("код", max_length=64, unique=True)
    name = models.CharField("название", max_length=200)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="группа",
    )
    description = models.TextField("описание", blank=True)
    keywords = models.JSONField("ключевые слова", default=list, blank=True)
    default_department = models.ForeignKey(
        Department,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="default_categories",
        verbose_name="подразделение по умолчанию",
    )
    first_reply_hours = models.PositiveIntegerField("первый ответ, часов", default=4)
    final_answer_days = models.PositiveIntegerField("окончательный ответ, дней", default=7)
    is_active = models.BooleanField("действует", default=True)

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

    name = models.CharField("название", max_length=200)
    street_type = models.CharField("тип улицы", max_length=40, default="улица")
    aliases = models.JSONField("другие названия", default=list, blank=True)
    territory = models.ForeignKey(
        Territory,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="streets",
        verbose_name="территория",
    )
    latitude = models.FloatField("широта", null=True, blank=True)
    longitude = models.FloatField("долгота", null=True, blank=True)

    class Meta:
        ordering = ["name"]
        unique_together = [("name", "street_type")]
        verbose_name = "улица"
        verbose_name_plural = "улицы"

    def __str__(self) -> str:
        return f"{self.street_type} {self.name}"


class Landmark(models.Model):
    """Places residents name instead of addresses: schools, parks, shops, stops."""

    name = models.CharField("название", max_length=200, unique=True)
    aliases = models.JSONField("другие названия", default=list, blank=True)
    territory = models.ForeignKey(
        Territory,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="landmarks",
        verbose_name="территория",
    )
    address = models.CharField("адрес", max_length=300, blank=True)
    latitude = models.FloatField("широта", null=True, blank=True)
    longitude = models.FloatField("долгота", null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "ориентир"
        verbose_name_plural = "ориентиры"

    def __str__(self) -> str:
        return self.name
