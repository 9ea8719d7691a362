"""The pages /open/ and /open/<territory>/: no login, what they show, the cache, a constant
number of queries, escaping."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from otklik.cities.models import Category
from otklik.incidents.models import Incident
from otklik.meetings.models import Instruction, InstructionEvent
from otklik.public.tests.open_fixture import NOW, OpenTestCase


class PageTests(OpenTestCase):
    def test_city_page_without_login(self) -> None:
        response = self.client.get("/open/")
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        for text in (
            "Что сделано",
            "Получено сообщений",
            "33,3",  # on time, per cent, with a Russian comma
            "<svg",
            "Сообщения жителей по месяцам",
            "ноя 2026",
            "П-2026-001",
            "Выполнено",
            "Крыльцо отремонтировано",
            "01.10.2026",  # the deadline 11:00 UTC is 18:00 in Seversk, the same day
            "Клуб «Самусь»",
            "батарею в кв. [номер скрыт] заменили",
            "CC BY 4.0",
            "/open/t-center/",
        ):
            self.assertIn(text, page.replace("&laquo;", "«").replace("&raquo;", "»"), text)
        self.assertNotIn("<script", page)

    def test_territory_page(self) -> None:
        page = self.client.get("/open/t-samus/").content.decode()
        self.assertIn("Что сделано: Самусь", page)
        self.assertIn("Клуб", page)  # its planned meeting
        self.assertNotIn("П-2026-001", page)  # the centre's instruction
        self.assertNotIn("батарею", page)  # the centre's example
        self.assertEqual(self.client.get("/open/nowhere/").status_code, 404)

    def test_examples_only_where_marked_public(self) -> None:
        Incident.objects.filter(pk=self.i1.pk).update(is_public=False)
        self.assertNotIn("батарею", self.client.get("/open/").content.decode())

    def test_post_is_refused(self) -> None:
        self.assertEqual(self.client.post("/open/").status_code, 405)


class CacheTests(OpenTestCase):
    def test_second_view_reads_no_figures_from_the_database(self) -> None:
        self.client.get("/open/t-center/")
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get("/open/t-center/").status_code, 200)
        tables = " ".join(q["sql"] for q in queries.captured_queries)
        for table in ("inbox_message", "incidents_incident", "meetings_instruction"):
            self.assertNotIn(table, tables)

    def test_keys_per_territory_and_stale_until_expiry(self) -> None:
        before = self.client.get("/open/").content.decode()
        self.client.get("/open/t-center/")
        self.assertIsNotNone(cache.get("open:v1:page:-"))
        self.assertIsNotNone(cache.get("open:v1:page:t-center"))
        Incident.objects.filter(pk=self.i1.pk).update(is_public=False)
        self.assertEqual(self.client.get("/open/").content.decode(), before)
        cache.clear()
        self.assertNotEqual(self.client.get("/open/").content.decode(), before)

    def test_signed_in_menu_is_not_cached_for_others(self) -> None:
        self.login(self.moderator)
        self.assertContains(self.client.get("/open/"), "Выйти")
        self.client.logout()
        self.assertNotContains(self.client.get("/open/"), "Выйти")


class QueryCountTests(OpenTestCase):
    def count(self, url: str) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_constant_whatever_the_rows(self) -> None:
        city, centre = self.count("/open/"), self.count("/open/t-center/")
        for n in range(5):
            created = NOW - timedelta(days=3 + n)
            incident = self.incident(
                self.territory, self.category, created, first=timedelta(hours=1),
                closed=timedelta(days=1), resolution="resolved", is_public=True,
            )  # fmt: skip
            self.message(
                f"ещё {n}", territory=self.territory, incident=incident, created_at=created
            )
            item = Instruction.objects.create(
                meeting=self.instruction.meeting, number=f"П-2026-10{n}", text="Убрать снег",
                department=self.dept_b, deadline=NOW, warn_at=NOW,
            )  # fmt: skip
            InstructionEvent.objects.create(
                instruction=item, kind=InstructionEvent.Kind.PROGRESS, text="Убрано"
            )
        self.assertEqual(self.count("/open/"), city)
        self.assertEqual(self.count("/open/t-center/"), centre)


class EscapingTests(OpenTestCase):
    def test_names_are_escaped_in_tables_and_charts(self) -> None:
        Category.objects.filter(pk=self.roads.pk).update(name="<b>Дороги</b>")
        self.territory_b.name = '<script>alert("x")</script>'
        self.territory_b.save()
        page = self.client.get("/open/").content.decode()
        self.assertNotIn("<b>Дороги", page)
        self.assertNotIn("<script>alert", page)
        self.assertIn("&lt;b&gt;Дороги&lt;/b&gt;", page)
        self.assertIn("&lt;script&gt;alert", page)
