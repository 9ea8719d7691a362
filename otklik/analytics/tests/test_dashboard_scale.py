"""The dashboard reads the rollups only: no query on the incidents or the messages, whatever
their number; the backlog and the overdue figures drill down to as many incidents."""

from __future__ import annotations

import re
from datetime import timedelta

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from otklik.analytics.actions.rollups import rebuild
from otklik.incidents.models import Incident
from otklik.incidents.queries import incident_queryset
from otklik.incidents.states import Resolution, Status
from otklik.testing.base import BaseTestCase

RAW = re.compile(r'"(incidents_incident|inbox_message)"')
# The menu's approval badge: the submitted answers (few, by their status) joined to their
# incidents by primary key, bounded by the answers, not by the incidents.
BOUNDED = ('SELECT COUNT(*) AS "__count" FROM "answers_answer"',)
DUMMY = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


class DashboardScaleTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        now = timezone.now()
        # One every 13 hours for three weeks: every third still open, every fourth late.
        for n in range(40):
            created = now - timedelta(hours=13 * n + 1)
            closed = None if n % 3 == 0 else min(created + timedelta(hours=5 * n), now)
            Incident.objects.create(
                title=f"Инцидент {n}",
                department=cls.dept_a if n % 2 else cls.dept_b,
                territory=cls.territory,
                created_at=created,
                closed_at=closed,
                status=Status.CLOSED if closed else Status.IN_WORK,
                resolution=Resolution.RESOLVED if closed else "",
                final_answer_due=created + timedelta(hours=2 if n % 4 == 0 else 400),
            )
        rebuild()

    def raw_queries(self, url: str) -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        found = [q["sql"] for q in ctx.captured_queries if RAW.search(q["sql"])]
        return [sql for sql in found if not sql.startswith(BOUNDED)]

    def test_the_pages_do_not_read_the_raw_tables(self) -> None:
        self.login(self.moderator)
        for url in (
            "/analytics/",
            "/analytics/data.json",
            "/analytics/?group=week&date_from=" + str(timezone.localdate() - timedelta(days=364)),
        ):
            with self.subTest(url):
                self.assertEqual(self.raw_queries(url), [])

    def test_a_year_reads_the_coarse_rollups(self) -> None:
        """Unfiltered, or with one filter, a year sums the month and day slices, not the daily
        rows of every (category, department, territory)."""
        self.login(self.moderator)
        year = "date_from=" + str(timezone.localdate() - timedelta(days=364))
        daily = re.compile(r'"analytics_daily(incidents|durations|messages)"')
        for url in (
            f"/analytics/?group=week&{year}",
            f"/analytics/data.json?group=week&{year}",
            f"/analytics/?{year}&department={self.dept_a.pk}",
        ):
            with self.subTest(url), CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get(url).status_code, 200)
            self.assertEqual([q["sql"] for q in ctx.captured_queries if daily.search(q["sql"])], [])
            self.assertTrue(any("analytics_slice" in q["sql"] for q in ctx.captured_queries))

    def test_the_map_counts_from_the_rollups(self) -> None:
        """The map's only query on the incidents is its points' bounded sample (LIMIT)."""
        self.login(self.moderator)
        year = "?date_from=" + str(timezone.localdate() - timedelta(days=364))
        for url in ("/analytics/map/", "/analytics/map/data.json", "/analytics/map/" + year):
            with self.subTest(url), override_settings(CACHES=DUMMY):
                raw = self.raw_queries(url)
                self.assertEqual(len(raw), 1, raw)
                self.assertIn("LIMIT", raw[0])

    def test_the_query_count_does_not_grow_with_the_incidents(self) -> None:
        self.login(self.moderator)
        with CaptureQueriesContext(connection) as before:
            self.client.get("/analytics/")
        for n in range(30):
            Incident.objects.create(title=f"Ещё {n}", department=self.dept_a, status=Status.NEW)
        rebuild()
        with CaptureQueriesContext(connection) as after:
            self.client.get("/analytics/")
        self.assertEqual(len(after.captured_queries), len(before.captured_queries))

    def count(self, link: str) -> int:
        response = self.client.get(link)
        self.assertEqual(response.status_code, 200, link)
        form = response.context["form"]
        self.assertTrue(form.is_valid(), form.errors)
        return incident_queryset(response.context["user"], form.cleaned_data).count()

    def test_the_backlog_counts_the_open_incidents(self) -> None:
        self.login(self.moderator)
        backlog = self.client.get("/analytics/").context["incidents"]["backlog"]
        total = sum(row["count"] for row in backlog)
        self.assertEqual(total, Incident.objects.exclude(status=Status.CLOSED).count())
        self.assertEqual(self.count(backlog[0]["link"]), total)
        self.assertGreater(backlog[0]["count"], 0)  # opened today (1 hour ago)

    def test_a_closed_incident_leaves_the_backlog(self) -> None:
        from otklik.analytics.actions.rollups import recompute_incident_day, refresh_facts

        self.login(self.moderator)
        first = self.client.get("/analytics/").context["incidents"]["backlog"]
        incident = Incident.objects.exclude(status=Status.CLOSED).first()
        Incident.objects.filter(pk=incident.pk).update(
            status=Status.CLOSED, closed_at=timezone.now(), resolution=Resolution.RESOLVED
        )
        for day in refresh_facts([incident.pk]):
            recompute_incident_day(day)
        then = self.client.get("/analytics/").context["incidents"]["backlog"]
        self.assertEqual(sum(r["count"] for r in then), sum(r["count"] for r in first) - 1)

    def test_the_overdue_share_opens_the_period_overdue_incidents(self) -> None:
        self.login(self.moderator)
        incidents = self.client.get("/analytics/").context["incidents"]
        city = incidents["city"]
        overdue = round(city["overdue_share"] * city["opened"])
        self.assertGreater(overdue, 0)
        link = incidents["links"]["overdue"]
        self.assertIn("state=late", link)
        self.assertIn("opened_from=", link)
        self.assertEqual(self.count(link), overdue)
        for row in incidents["ranking"]:
            late = round((row["overdue_share"] or 0) * row["opened"])
            self.assertEqual(self.count(row["overdue_link"]), late, row["name"])
