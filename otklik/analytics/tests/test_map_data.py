"""data.json: GeoJSON territories with their counts and points, the dashboard's filters, the
outlines from the city file, escaped names, and a fixed number of queries."""

from __future__ import annotations

import json
from datetime import timedelta
from unittest.mock import patch

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from otklik.analytics.actions.rollups import rebuild
from otklik.analytics.tests.map_fixture import MapTestCase
from otklik.cities.models import Territory
from otklik.incidents.models import Incident
from otklik.incidents.states import Status


class MapDataTests(MapTestCase):
    def test_territories_and_points_are_feature_collections(self) -> None:
        data = self.data()
        self.assertEqual(data["territories"]["type"], "FeatureCollection")
        self.assertEqual(data["points"]["type"], "FeatureCollection")
        center = next(f for f in data["territories"]["features"] if f["id"] == "center")
        self.assertEqual(center["type"], "Feature")
        self.assertEqual(center["geometry"]["type"], "Polygon")
        ring = center["geometry"]["coordinates"][0]
        self.assertEqual(ring[0], ring[-1])
        self.assertTrue(all(84 < lon < 85 and 56 < lat < 57 for lon, lat in ring))
        self.assertEqual(center["properties"]["name"], "Центр (старая часть города)")
        self.assertEqual(center["properties"]["parent"], "seversk")
        self.assertEqual((data["metric"], data["metric_label"]), ("count", "обращений"))

    def test_outlines_come_from_the_city_file(self) -> None:
        geometry = {f["id"]: f["geometry"] for f in self.data()["territories"]["features"]}
        for code in ("samus", "orlovka", "kizhirovo", "chernilshchikovo", "semiozerki", "iglakovo"):
            self.assertEqual(geometry[code]["type"], "Polygon", code)
            self.assertEqual(geometry[code]["coordinates"], self.t[code].outline)
        self.assertEqual(geometry["dachi"]["type"], "Point")  # no outline: its centre
        self.assertIsNone(geometry["t-center"])  # no outline, no centre

    def test_counts_per_territory_in_the_default_period(self) -> None:
        data = self.data()
        props = self.props(data)
        self.assertEqual(props["center"]["count"], 2)  # the 60-day-old one is out of 28 days
        self.assertEqual(props["north"]["count"], 1)
        self.assertEqual(props["samus"]["count"], 1)
        self.assertEqual((props["seversk"]["count"], props["seversk"]["total"]), (1, 4))
        self.assertEqual(props["zato"]["total"], 5)
        self.assertEqual(props["south"]["count"], 0)
        self.assertEqual((data["total"], data["without_territory"], data["unplaced"]), (6, 1, 1))

    def test_points_come_from_streets_and_approximate_centres(self) -> None:
        points = self.points(self.data())
        mira = points["ул. Мира"]
        self.assertEqual(mira["properties"]["count"], 2)  # two houses on one street, one point
        self.assertFalse(mira["properties"]["approximate"])
        self.assertEqual(mira["geometry"]["coordinates"], [84.88, 56.607])
        self.assertIn("пр. Коммунистический", points)
        samus = points["посёлок Самусь"]["properties"]
        self.assertTrue(samus["approximate"])
        self.assertEqual(samus["kind"], "territory")

    def test_territory_filter_takes_what_it_contains(self) -> None:
        props = self.props(self.data(territory=str(self.t["seversk"].pk)))
        self.assertEqual(props["seversk"]["total"], 4)
        self.assertEqual(props["samus"]["count"], 0)

    def test_category_department_and_status_filters(self) -> None:
        by_group = self.props(self.data(category=str(self.group.pk)))  # the group and its topics
        self.assertEqual((by_group["center"]["count"], by_group["north"]["count"]), (1, 1))
        roads = self.data(department=str(self.dept_b.pk))
        self.assertEqual(roads["total"], 2)
        self.assertEqual(self.props(roads)["samus"]["count"], 1)
        open_ = self.props(self.data(status="open"))
        self.assertEqual(open_["north"]["count"], 0)
        closed = self.data(status="closed")
        self.assertEqual(closed["total"], 1)

    def test_period_filter_in_city_days(self) -> None:
        today = timezone.localdate()
        wide = self.data(date_from=str(today - timedelta(days=90)), date_to=str(today))
        self.assertEqual(self.props(wide)["center"]["count"], 3)
        past = self.data(
            date_from=str(today - timedelta(days=61)), date_to=str(today - timedelta(days=59))
        )
        self.assertEqual(past["total"], 1)

    def test_a_wrong_filter_is_a_400_in_russian(self) -> None:
        self.login(self.moderator)
        response = self.client.get("/analytics/map/data.json", {"territory": "999999"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("territory", response.json()["errors"])

    def test_per_thousand_residents_when_every_outlined_territory_has_a_population(self) -> None:
        Territory.objects.exclude(outline=[]).update(population=2000)
        data = self.data()
        self.assertEqual(data["metric"], "per_1000")
        self.assertEqual(self.props(data)["center"]["rate"], 1.0)

    def test_names_are_escaped_in_the_json(self) -> None:
        evil = Territory.objects.create(code="evil", name='<script>alert("x")</script> & Ко')
        Incident.objects.create(title="x", territory=evil, created_at=timezone.now())
        self.login(self.moderator)
        response = self.client.get("/analytics/map/data.json")
        body = response.content.decode()
        self.assertNotIn("<script>", body)
        self.assertNotIn("&", body)
        self.assertEqual(self.props(json.loads(body))["evil"]["name"], evil.name)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")

    def test_query_count_does_not_grow_with_incidents(self) -> None:
        self.login(self.moderator)
        with CaptureQueriesContext(connection) as few:
            self.client.get("/analytics/map/data.json")
        for n in range(30):
            Incident.objects.create(
                title=f"#{n}",
                territory=self.t["north" if n % 2 else "samus"],
                address_text=f"ул. Славского, {n}" if n % 3 else f"ул. Ленина, {n}",
                department=self.dept_a,
                created_at=timezone.now() - timedelta(hours=n),
            )
        self.setUp()  # a fresh cache
        with CaptureQueriesContext(connection) as many:
            self.client.get("/analytics/map/data.json")
        self.assertEqual(len(few), len(many))
        self.assertLessEqual(len(many), 10)

    def test_the_answer_is_cached_briefly(self) -> None:
        self.data()
        Incident.objects.create(title="новое", territory=self.t["south"], created_at=timezone.now())
        rebuild()
        self.assertEqual(self.props(self.data())["south"]["count"], 0)
        self.setUp()
        self.assertEqual(self.props(self.data())["south"]["count"], 1)

    def test_the_counts_come_from_the_rollups(self) -> None:
        """Open incidents and the period's counts follow the worker's rollups, a year too."""
        Incident.objects.create(title="ещё", territory=self.t["south"], created_at=timezone.now())
        self.assertEqual(self.props(self.data())["south"]["count"], 0)  # not rolled up yet
        rebuild()
        self.setUp()
        today = timezone.localdate()
        year = self.data(date_from=str(today - timedelta(days=364)), date_to=str(today))
        self.assertEqual(self.props(year)["south"]["count"], 1)
        self.assertEqual(year["total"], Incident.objects.count())
        still_open = Incident.objects.exclude(status=Status.CLOSED).count()  # all in 28 days
        self.assertEqual(self.data(status="open")["total"], still_open)

    def test_the_points_are_the_latest_incidents_when_there_are_many(self) -> None:
        with patch("otklik.analytics.map_counts.POINTS", 2):
            data = self.data()
        self.assertTrue(data["points_sampled"])
        self.assertLessEqual(sum(p["properties"]["count"] for p in data["points"]["features"]), 2)
        self.assertFalse(self.data(territory=str(self.t["north"].pk))["points_sampled"])
