"""A dashboard figure's link opens a list of as many incidents as the figure counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from otklik.analytics.actions.rollups import rebuild
from otklik.incidents.models import Incident
from otklik.incidents.queries import incident_queryset
from otklik.incidents.states import Resolution, Status
from otklik.testing.base import BaseTestCase

START = datetime(2026, 10, 27, 16, 30, tzinfo=UTC)  # 27 October 23:30 in the city (UTC+7)
PERIODS = (
    "?date_from=2026-11-01&date_to=2026-11-30",
    "?date_from=2026-11-02&date_to=2026-11-08&group=day",
    "?date_from=2026-10-28&date_to=2026-11-20&group=week",
)
RESOLUTIONS = (Resolution.RESOLVED, Resolution.SPAM, Resolution.EXPLAINED, Resolution.DUPLICATE)


class DrillDownTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Every 17 hours for five weeks: some near a city midnight, some closed days later,
        # some closed without an answer on the merits (spam, duplicates), some still open.
        for n in range(50):
            created = START + timedelta(hours=17 * n)
            closed = created + timedelta(hours=9 * (n % 7)) if n % 3 else None
            Incident.objects.create(
                title=f"Инцидент {n}",
                category=cls.category if n % 2 else None,
                department=cls.dept_a if n % 4 else cls.dept_b,
                territory=cls.territory,
                created_at=created,
                closed_at=closed,
                status=Status.CLOSED if closed else Status.IN_WORK,
                resolution=RESOLUTIONS[n % 4] if closed else "",
            )
        rebuild()

    def count(self, link: str) -> int:
        """How many incidents the list behind `link` holds (all its pages)."""
        response = self.client.get(link)
        self.assertEqual(response.status_code, 200, link)
        form = response.context["form"]
        self.assertTrue(form.is_valid(), form.errors)
        return incident_queryset(response.context["user"], form.cleaned_data).count()

    def test_every_incident_figure_equals_its_list(self) -> None:
        self.login(self.moderator)
        for period in PERIODS:
            with self.subTest(period):
                incidents = self.client.get("/analytics/" + period).context["incidents"]
                city = incidents["city"]
                self.assertGreater(city["opened"], 0)
                self.assertGreater(city["resolved"], 0)
                self.assertEqual(self.count(incidents["links"]["opened"]), city["opened"])
                self.assertEqual(self.count(incidents["links"]["resolved"]), city["resolved"])
                for row in incidents["daily"]:
                    self.assertEqual(self.count(row["link"]), row["opened"], row["label"])
                    self.assertEqual(self.count(row["resolved_link"]), row["resolved"])
                for row in incidents["ranking"]:
                    self.assertEqual(self.count(row["link"]), row["opened"], row["name"])
                    self.assertEqual(self.count(row["resolved_link"]), row["resolved"])

    def test_a_filtered_figure_keeps_its_filters(self) -> None:
        self.login(self.moderator)
        query = PERIODS[0] + f"&category={self.group.pk}&department={self.dept_a.pk}"
        incidents = self.client.get("/analytics/" + query).context["incidents"]
        link = incidents["links"]["opened"]
        self.assertIn("opened_from=2026-11-01&opened_to=2026-11-30", link)
        self.assertIn(f"category={self.group.pk}", link)
        self.assertEqual(self.count(link), incidents["city"]["opened"])
        self.assertIn("closed_from=2026-11-01", incidents["links"]["resolved"])

    def test_the_backlog_is_now_not_the_period(self) -> None:
        self.login(self.moderator)
        incidents = self.client.get("/analytics/" + PERIODS[1]).context["incidents"]
        for row in incidents["backlog"]:
            self.assertNotIn("opened_from", row["link"])
        self.assertEqual(self.count(incidents["backlog"][0]["link"]), 17)  # n % 3 == 0

    def test_the_chart_opens_each_dataset_own_list(self) -> None:
        self.login(self.moderator)
        charts = self.client.get("/analytics/" + PERIODS[1]).context["charts"]
        daily = next(c for c in charts if c["id"] == "incidents-daily")
        opened, resolved = daily["datasets"]
        self.assertIn("opened_from=2026-11-02&opened_to=2026-11-02", opened["links"][0])
        self.assertIn("state=resolved&closed_from=2026-11-02", resolved["links"][0])
