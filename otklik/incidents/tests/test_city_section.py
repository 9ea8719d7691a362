"""The deadline presets reach the city loader only through its section hook, and the category
admin only through incidents' re-registration (cities imports nothing from incidents)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from otklik.cities.config import load_city_config
from otklik.cities.loader import load_city
from otklik.cities.models import Category
from otklik.cities.sections import registered_sections
from otklik.incidents import presets
from otklik.incidents.admin import CategoryWithPresetsAdmin
from otklik.incidents.models import DeadlinePreset
from otklik.testing.base import BaseTestCase


def test_incidents_registers_the_presets_section() -> None:
    (section,) = [s for s in registered_sections() if s.name == presets.SECTION]
    assert section.validate is presets.validate_section
    assert section.load is presets.load_section
    assert section.label == "нормативы сроков"


@pytest.mark.django_db
def test_the_registered_section_is_loaded() -> None:
    report = load_city(load_city_config("seversk"))
    count = report.sections[presets.SECTION]
    assert count.created == DeadlinePreset.objects.count() > 0
    assert any(line.startswith("нормативы сроков: создано") for line in report.lines())
    gas = DeadlinePreset.objects.get(category__code="zhkh-gas", priority="normal")
    assert (gas.first_reply_hours, gas.first_reply_in_working_time) == (1, False)


class CategoryAdminTests(BaseTestCase):
    def test_the_category_page_shows_its_presets(self) -> None:
        DeadlinePreset.objects.create(
            category=self.group, priority="high", first_reply_hours=2, final_answer_days=5
        )
        self.login(self.admin)
        url = reverse("admin:cities_category_change", args=[self.group.pk])
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "deadline_presets-TOTAL_FORMS")
        self.assertIsInstance(admin.site._registry[Category], CategoryWithPresetsAdmin)
