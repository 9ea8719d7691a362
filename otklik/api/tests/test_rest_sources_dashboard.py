"""/api/v1/sources/ (administrators) and /api/v1/dashboard/ (the analytics' figures)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from otklik.accounts.models import User
from otklik.analytics.actions.rollups import update_rollups
from otklik.analytics.dashboard_filters import MAX_DAYS
from otklik.api.tests.rest_case import RestCase
from otklik.api.tokens import create_token
from otklik.sources.models import InboundPayload, SourceCredential


class SourceTests(RestCase):
    def test_health_without_secrets(self) -> None:
        SourceCredential.objects.create(source=self.source, secrets={"token": "секрет-123"})
        InboundPayload.objects.create(source=self.source, external_id="1", body={})
        self.source.last_error = "HTTP 500"
        self.source.last_event_at = timezone.now()
        self.source.save()
        items = self.get("/api/v1/sources/", self.admin).json()["items"]
        self.assertEqual(len(items), 1)
        row = items[0]
        self.assertEqual((row["name"], row["pending_count"], row["last_error"]),
                         ("vk-city", 1, "HTTP 500"))  # fmt: skip
        self.assertGreaterEqual(row["lag_seconds"], 0)
        self.assertNotIn("секрет", str(row))
        self.assertEqual(self.get(f"/api/v1/sources/{self.source.pk}/", self.admin).json(), row)

    def test_only_administrators(self) -> None:
        for user in (self.moderator, self.executor_a, self.analyst):
            body = self.assertProblem(self.get("/api/v1/sources/", user), 403)
            self.assertEqual(body["detail"], "Состояние каналов видят только администраторы")


class DashboardTests(RestCase):
    def setUp(self) -> None:
        super().setUp()
        self.incident_of(self.dept_a)
        self.incident_of(self.dept_b, "Яма")
        update_rollups()

    def test_the_figures_of_the_period(self) -> None:
        today = timezone.localdate().isoformat()
        response = self.get("/api/v1/dashboard/", self.analyst, date_from=today, date_to=today)
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["date_from"], today)
        self.assertEqual(body["incidents"]["opened"], 2)
        self.assertEqual({d["name"] for d in body["departments"]},
                         {"Управление ЖКХ", "Управление дорог"})  # fmt: skip
        self.assertEqual(sum(b["count"] for b in body["backlog"]), 2)
        self.assertIsNotNone(body["messages"])

    def test_an_executor_gets_their_department_only(self) -> None:
        body = self.get("/api/v1/dashboard/", self.executor_a).json()
        self.assertEqual(body["incidents"]["opened"], 1)
        self.assertEqual([d["name"] for d in body["departments"]], ["Управление ЖКХ"])
        self.assertIsNone(body["messages"])
        self.assertProblem(self.get("/api/v1/dashboard/", self.outsider_token()), 403)

    def test_a_long_period_is_cut_to_three_years(self) -> None:
        params = {"date_from": "1990-01-01", "date_to": "2026-11-30"}
        body = self.get("/api/v1/dashboard/", self.analyst, **params).json()
        span = date.fromisoformat(body["date_to"]) - date.fromisoformat(body["date_from"])
        self.assertEqual(span.days, MAX_DAYS)

    def outsider_token(self) -> User:
        self.raw["outsider"] = create_token(self.outsider)[1]
        return self.outsider
