"""The page without JavaScript: the filters in Russian, a table of territories with counts and
the schematic SVG; Leaflet's frame waits hidden for map.js; no inline script or style."""

from __future__ import annotations

import re

from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from otklik.analytics.actions.rollups import rebuild
from otklik.analytics.tests.map_fixture import LOCMEM, MapTestCase
from otklik.cities.models import Territory
from otklik.incidents.models import Incident
from otklik.testing.base import BaseTestCase


class MapPageTests(MapTestCase):
    def page(self, **params: str) -> str:
        self.login(self.moderator)
        response = self.client.get("/analytics/map/", params)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_table_lists_territories_with_counts(self) -> None:
        html = self.page()
        row = re.search(r'<tr data-territory="center">(.*?)</tr>', html, re.S)
        assert row is not None
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
        self.assertEqual(
            [c.strip() for c in cells], ["Центр (старая часть города)", "Северск", "2", "2"]
        )
        self.assertIn("Всего обращений: <strong>6</strong>", html)
        self.assertIn("без места на карте: 1", html)

    def test_filters_have_russian_labels(self) -> None:
        html = self.page()
        for label in (
            "С",
            "По",
            "Территория",
            "Категория",
            "Подразделение",
            "Статус",
            "все открытые",
        ):
            self.assertIn(label, html)
        self.assertIn('name="date_from"', html)

    def test_the_schematic_and_the_hidden_frame(self) -> None:
        html = self.page()
        self.assertIn('class="map-schematic has-outlines"', html)
        self.assertEqual(html.count("<g transform="), Territory.objects.count())
        self.assertIn('data-url="/analytics/map/data.json"', html)
        self.assertRegex(html, r'<div class="map-frame" hidden data-map')
        self.assertIn('data-outlines="1"', html)

    def test_filters_travel_to_the_data_url(self) -> None:
        html = self.page(status="open")
        self.assertIn('data-url="/analytics/map/data.json?status=open"', html)

    def test_no_inline_script_or_style(self) -> None:
        html = self.page()
        self.assertEqual(re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html), [])
        self.assertNotIn(" style=", html)
        self.assertNotIn("<style", html)

    def test_names_are_escaped_on_the_page(self) -> None:
        evil = Territory.objects.create(code="evil", name="<b>Заречье</b>")
        Incident.objects.create(title="x", territory=evil, created_at=timezone.now())
        html = self.page()
        self.assertNotIn("<b>Заречье</b>", html)
        self.assertIn("&lt;b&gt;Заречье&lt;/b&gt;", html)

    @override_settings(MAP_TILES_URL="https://tiles.example.org/{z}/{x}/{y}.png")
    def test_a_tile_server_is_passed_to_the_script(self) -> None:
        self.assertIn('data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"', self.page())


@override_settings(CACHES=LOCMEM)
class CityWithoutOutlinesTests(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()

    def test_the_schematic_is_the_map(self) -> None:
        Incident.objects.create(title="x", territory=self.territory, created_at=timezone.now())
        rebuild()
        self.login(self.analyst)
        html = self.client.get("/analytics/map/").content.decode()
        self.assertIn('data-outlines="0"', html)
        self.assertIn("в файле города нет контуров территорий", html)
        self.assertIn("1 обращение", html)
        self.assertIn("Центральный", html)
