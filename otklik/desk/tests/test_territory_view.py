"""The territory view for the staff: who sees it, department scoping, its sections, the trend,
and a constant number of queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from otklik.incidents.models import Incident
from otklik.meetings.models import Instruction, Meeting
from otklik.plan.models import Campaign, Post
from otklik.testing.base import BaseTestCase

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
URL = "/territories/t-center/"


class TerritoryViewTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mine = cls.incident("Протечка крыши <b>жирно</b>", cls.dept_a, NOW - timedelta(days=2))
        cls.theirs = cls.incident("Яма на дороге", cls.dept_b, NOW - timedelta(days=20))
        cls.meeting = Meeting.objects.create(
            territory=cls.territory, starts_at=NOW - timedelta(days=5), place="ДК «Русь»"
        )
        cls.instr_a = cls.instruction("П-1", cls.dept_a)
        cls.instr_b = cls.instruction("П-2", cls.dept_b)
        campaign = Campaign.objects.create(slug="center", title="Благоустройство центра")
        campaign.territories.add(cls.territory)
        cls.post = Post.objects.create(
            title="Новый сквер в центре", text="…", campaign=campaign, publish_at=NOW
        )
        for n in range(3):
            cls.message(
                cls, f"жалоба {n}", territory=cls.territory,
                created_at=NOW - timedelta(days=7 * n),
            )  # fmt: skip

    @classmethod
    def incident(cls, title: str, department: object, created: datetime) -> Incident:
        return Incident.objects.create(
            title=title,
            territory=cls.territory,
            department=department,
            created_at=created,
            final_answer_due=created + timedelta(days=7),
        )

    @classmethod
    def instruction(cls, number: str, department: object) -> Instruction:
        return Instruction.objects.create(
            meeting=cls.meeting, number=number, text=f"Поручение {number}",
            department=department, deadline=NOW + timedelta(days=5), warn_at=NOW,
        )  # fmt: skip

    def setUp(self) -> None:
        patcher = mock.patch("django.utils.timezone.now", return_value=NOW)
        patcher.start()
        self.addCleanup(patcher.stop)


class AccessTests(TerritoryViewTestCase):
    def test_staff_see_it_anonymous_go_to_login(self) -> None:
        for user in (self.admin, self.moderator, self.analyst, self.executor_a):
            self.login(user)
            self.assertEqual(self.client.get("/territories/").status_code, 200, user.username)
            self.assertEqual(self.client.get(URL).status_code, 200, user.username)
        self.client.logout()
        self.assertEqual(self.client.get(URL).status_code, 302)

    def test_executor_without_department_gets_403(self) -> None:
        self.login(self.outsider)
        self.assertEqual(self.client.get("/territories/").status_code, 403)
        self.assertEqual(self.client.get(URL).status_code, 403)

    def test_unknown_territory(self) -> None:
        self.login(self.moderator)
        self.assertEqual(self.client.get("/territories/nowhere/").status_code, 404)


class ContentTests(TerritoryViewTestCase):
    def test_press_service_sees_everything(self) -> None:
        self.login(self.moderator)
        page = self.client.get(URL).content.decode()
        self.assertIn("открыто 2, просрочено 1", page)
        self.assertIn(f"/incidents/{self.mine.pk}/", page)
        self.assertIn(f"/incidents/{self.theirs.pk}/", page)
        self.assertIn("П-1", page)
        self.assertIn("П-2", page)
        self.assertIn("ДК «Русь»", page.replace("&laquo;", "«").replace("&raquo;", "»"))
        self.assertIn("Новый сквер в центре", page)
        self.assertIn("<svg", page)
        self.assertIn("Жалобы по неделям", page)
        self.assertIn("&lt;b&gt;жирно&lt;/b&gt;", page)
        self.assertNotIn("<b>жирно", page)

    def test_executor_sees_only_his_department(self) -> None:
        self.login(self.executor_a)
        page = self.client.get(URL).content.decode()
        self.assertIn("открыто 1, просрочено 0", page)
        self.assertIn(f"/incidents/{self.mine.pk}/", page)
        self.assertNotIn(f"/incidents/{self.theirs.pk}/", page)
        self.assertIn("П-1", page)
        self.assertNotIn("П-2", page)
        self.assertNotIn("Встречи мэра", page)
        self.assertNotIn("Новый сквер", page)
        listing = self.client.get("/territories/").content.decode()
        self.assertIn("Центральный", listing)

    def test_list_counts(self) -> None:
        self.login(self.analyst)
        response = self.client.get("/territories/")
        rows = {r["territory"].code: r for r in response.context["rows"]}
        self.assertEqual((rows["t-center"]["open"], rows["t-center"]["overdue"]), (2, 1))
        self.assertEqual((rows["t-samus"]["open"], rows["t-samus"]["overdue"]), (0, 0))

    def test_trend_by_week(self) -> None:
        self.login(self.moderator)
        weeks = self.client.get(URL).context["weeks"]
        self.assertEqual(len(weeks), 26)
        self.assertEqual(weeks[-1]["label"], "30.11")  # Monday 30 November, Seversk
        self.assertEqual([w["messages"] for w in weeks[-3:]], [1, 1, 1])
        self.assertEqual(sum(w["incidents"] for w in weeks), 2)
        self.assertEqual(weeks[-2]["incidents"], 1)  # Saturday 28 November


class QueryCountTests(TerritoryViewTestCase):
    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_constant_whatever_the_rows(self) -> None:
        self.login(self.moderator)
        detail, listing = self.count(URL), self.count("/territories/")
        for n in range(5):
            self.incident(f"ещё {n}", self.dept_a, NOW - timedelta(days=n))
            self.instruction(f"П-1{n}", self.dept_b)
            Meeting.objects.create(territory=self.territory, starts_at=NOW, place=f"Школа {n}")
            self.message(f"ещё {n}", territory=self.territory, created_at=NOW)
        self.assertEqual(self.count(URL), detail)
        self.assertEqual(self.count("/territories/"), listing)
