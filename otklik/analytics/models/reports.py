"""The press officer's own words in a report: results, factors and tasks ahead, per period.

Written only by otklik.analytics.actions.reports; the report (PDF, DOCX, the page) keeps them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReportNarrative(models.Model):
    class Section(models.TextChoices):
        RESULTS = "results", "Итоги"
        FACTORS = "factors", "Факторы"
        TASKS = "tasks", "Задачи на следующий период"

    period = models.CharField("период", max_length=10, db_index=True)  # 2026, 2026-11, 2026-W47
    section = models.CharField("раздел", max_length=10, choices=Section.choices)
    text = models.TextField("текст", blank=True, max_length=20000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто изменил",
    )
    updated_at = models.DateTimeField("изменён", default=timezone.now)

    class Meta:
        ordering = ["period", "section"]
        verbose_name = "текст отчёта"
        verbose_name_plural = "тексты отчётов"
        constraints = [
            models.UniqueConstraint(fields=["period", "section"], name="analytics_narrative_unique")
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.get_section_display()}"
