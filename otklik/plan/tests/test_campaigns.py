"""The city file's campaigns reach the loader only through its section hook."""

from __future__ import annotations

import pytest

from otklik.cities.config import load_city_config
from otklik.cities.loader import load_city
from otklik.cities.sections import registered_sections
from otklik.plan import campaigns
from otklik.plan.models import Campaign


def test_plan_registers_the_campaigns_section() -> None:
    (section,) = [s for s in registered_sections() if s.name == campaigns.SECTION]
    assert section.load is campaigns.load_section
    assert section.label == "кампании"


@pytest.mark.django_db
def test_seversk_campaigns_load_once_and_again_change_nothing() -> None:
    config = load_city_config("seversk")
    first = load_city(config)
    assert first.sections[campaigns.SECTION].created == Campaign.objects.count() == 8
    roads = Campaign.objects.get(slug="bkd")
    assert roads.title == "Безопасные качественные дороги"
    assert roads.kind == Campaign.Kind.NATIONAL
    assert list(roads.territories.values_list("code", flat=True)) == ["zato"]
    assert Campaign.objects.filter(title="ТОР «Северск»").exists()
    again = load_city(config)
    assert again.sections[campaigns.SECTION].unchanged == 8


BAD = [
    ({"slug": "Bad Slug", "title": "x"}, "slug"),
    ({"slug": "a", "title": ""}, "нет названия"),
    ({"slug": "a", "title": "x", "kind": "war"}, "kind 'war'"),
    ({"slug": "a", "title": "x", "territories": ["mars"]}, "территория 'mars'"),
    ({"slug": "a", "title": "x", "colour": "red"}, "colour"),
    ({"slug": "a", "title": "x", "starts_on": "2026-05-01", "ends_on": "2026-01-01"}, "раньше"),
]


@pytest.mark.parametrize(("entry", "words"), BAD)
def test_bad_entries_are_named(entry: dict, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        campaigns.validate_section([entry], {"territories": {"zato"}})
