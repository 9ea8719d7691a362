"""The dashboard: figures for a period, scoping, filters, drill-down links, queries, JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext

from otklik.analytics.actions.rollups import rebuild
from otklik.analytics.templatetags.dashboard_numbers import share
from otklik.cities.models import Category
from otklik.incidents.models import Incident
from otklik.incidents.states import Resolution, Status
from otklik.testing.base import BaseTestCase

DAY = datetime(2026, 3, 3, 7, 0, tzinfo=UTC)  # Tuesday 10:00 in the city
PERIOD = "?date_from=2026-03-01&date_to=2026-03-10"


class DashboardTest(BaseTestCase):
    def incident(self, department: object, closed: bool = False, **fields: object) -> Incident:
        return Incident.objects.create(
            title="Яма",
            category=self.category,
            department=department,
            territory=self.territory,
            created_at=DAY,
            first_replied_at=DAY + timedelta(hours=2),
            first_reply_due=DAY + timedelta(hours=4),
            final_answer_due=DAY + timedelta(days=9),
            status=Status.CLOSED if closed else Status.IN_WORK,
            resolution=Resolution.RESOLVED if closed else "",
            closed_at=DAY + timedelta(days=1) if closed else None,
            **fields,
        )

    def setUp(self) -> None:
        self.incident(self.dept_a, closed=True)
        self.incident(self.dept_a)
        self.incident(self.dept_b, closed=True)
        self.message(created_at=DAY)
        rebuild()

    def get(self, query: str = PERIOD, path: str = "/analytics/") -> object:
        return self.client.get(path + query)

    def test_figures_for_a_period(self) -> None:
        self.login(self.analyst)
        response = self.get()
        self.assertEqual(response.status_code, 200)
        city = response.context["incidents"]["city"]
        self.assertEqual((city["opened"], city["resolved"]), (3, 2))
        self.assertAlmostEqual(city["first_mean"], 2.0)
        self.assertAlmostEqual(city["final_mean"], 8.0)  # 10:00 → 10:00 the next working day
        self.assertEqual(response.context["inflow"]["total"], 1)
        self.assertEqual(response.context["incidents"]["before"]["opened"], 0)
        self.assertContains(response, "Рейтинг подразделений")
        self.assertNotContains(response, 'class="flash"')  # the figures are not flash messages

    def test_executor_sees_only_their_department(self) -> None:
        self.login(self.executor_b)
        response = self.get(PERIOD + f"&department={self.dept_a.pk}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["incidents"]["city"]["opened"], 1)
        self.assertIsNone(response.context["inflow"])
        names = [r["name"] for r in response.context["incidents"]["ranking"]]
        self.assertEqual(names, [self.dept_b.name])

    def test_outsider_gets_403(self) -> None:
        self.login(self.outsider)
        self.assertEqual(self.get().status_code, 403)
        self.assertEqual(self.get(path="/analytics/data.json").status_code, 403)
        self.client.logout()
        self.assertEqual(self.get().status_code, 302)

    def test_filters(self) -> None:
        self.login(self.moderator)
        other = Category.objects.create(code="roads", name="Дороги")
        response = self.get(PERIOD + f"&category={other.pk}")
        self.assertEqual(response.context["incidents"]["city"]["opened"], 0)
        response = self.get(PERIOD + f"&department={self.dept_b.pk}&territory={self.territory.pk}")
        self.assertEqual(response.context["incidents"]["city"]["opened"], 1)
        response = self.get(PERIOD + "&channel=vk")
        self.assertEqual(response.context["inflow"]["total"], 0)
        response = self.get("?date_from=2026-04-01&date_to=2026-04-10")
        self.assertEqual(response.context["incidents"]["city"]["opened"], 0)
        self.assertEqual(response.context["incidents"]["before"]["opened"], 0)

    def test_drill_down_links(self) -> None:
        self.login(self.moderator)
        response = self.get(PERIOD + f"&department={self.dept_a.pk}")
        self.assertContains(response, f"/incidents/?state=open&amp;department={self.dept_a.pk}")
        self.assertContains(
            response, "/inbox/?status=&amp;date_from=2026-03-03&amp;date_to=2026-03-03"
        )
        self.assertContains(response, f"source={self.source.pk}")
        for chart in response.context["charts"]:
            self.assertEqual(len(chart["links"]), len(chart["labels"]), chart["id"])

    def test_query_count_constant_as_data_grows(self) -> None:
        self.login(self.moderator)
        self.get()
        with CaptureQueriesContext(connection) as small:
            self.get()
        dept = self.dept_b
        for i in range(10):
            self.incident(dept, closed=bool(i % 2))
            self.message(created_at=DAY + timedelta(days=i % 5))
        rebuild()
        with CaptureQueriesContext(connection) as large:
            self.get()
        self.assertEqual(len(small), len(large))

    def test_chart_json_is_escaped(self) -> None:
        self.login(self.moderator)
        self.dept_a.name = "</script><script>alert(1)</script>"
        self.dept_a.save()
        response = self.get()
        self.assertNotContains(response, "</script><script>alert(1)")
        data = self.get(path="/analytics/data.json").json()
        labels = [label for chart in data["charts"] for label in chart["labels"]]
        self.assertIn("</script><script>alert(1)</script>", labels)
        self.assertTrue(json.dumps(data))


class ShareFilterTest(SimpleTestCase):
    def test_whole_percent_as_widthratio_rounds(self) -> None:
        cases = ((None, "—"), (0.0, "0 %"), (0.125, "12 %"), (0.1251, "13 %"), (1, "100 %"))
        for value, shown in cases:
            with self.subTest(value):
                self.assertEqual(share(value), shown)
