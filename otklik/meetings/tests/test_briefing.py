"""The Mayor's briefing: its figures on a small territory, the trend, the questions by topic,
who may read it, escaping, and a constant number of queries."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from otklik.cities.models import Category
from otklik.incidents.models import Incident
from otklik.incidents.states import Resolution, Status
from otklik.meetings import actions
from otklik.meetings.briefing import Topic, build, chart, year_start
from otklik.meetings.models import Meeting, Question
from otklik.meetings.tests.helpers import NOW, MeetingsTestCase, at

XSS = "<script>alert(1)</script>"
DAY = timedelta(days=1)


class BriefingCase(MeetingsTestCase):
    """Центральный: heating 2 recent (one overdue) + 1 before, roads 1 recent + 2 before;
    a meeting 60 days ago with a done, an overdue and a cancelled instruction; this meeting
    in a week with four questions sent in advance and one asked at the meeting."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.roads = Category.objects.create(code="roads", name="Ямы на дорогах")

    def setUp(self) -> None:
        heating, roads, here = self.category, self.roads, self.territory
        self.overdue = self.make_incident(heating, 10, due=-1, title="Холодно в квартире")
        self.make_incident(heating, 20, due=5)
        self.make_incident(heating, 100, closed=80, resolution=Resolution.RESOLVED)
        self.make_incident(roads, 120, closed=110, resolution=Resolution.EXPLAINED)
        self.make_incident(roads, 130, closed=125, resolution=Resolution.RESOLVED)
        self.make_incident(roads, 5, due=20)
        self.make_incident(heating, 3, due=2, territory=self.territory_b)
        with at(NOW - 60 * DAY):
            earlier = self.meeting(starts_at=NOW - 60 * DAY)
            actions.mark_held(self.moderator, earlier)
            self.done = self.instruction(earlier, text="Промыть систему отопления")
            self.late = self.instruction(earlier, text="Починить крыльцо", working_days=5)
            cancelled = self.instruction(earlier, text="Покрасить забор")
            actions.cancel(self.moderator, cancelled, "Забор снесут")
        with at(NOW - 40 * DAY):
            actions.complete(self.moderator, self.done, "Система промыта")
        with at(NOW - 30 * DAY):
            elsewhere = self.meeting(territory=self.territory_b, starts_at=NOW - 30 * DAY)
            self.instruction(elsewhere, text="Чужое поручение")
        with at(NOW - 2 * DAY):
            self.current = self.meeting(starts_at=NOW + 7 * DAY)
            self.ask("Когда дадут тепло?", "Отопление")
            self.ask("Батареи холодные", " отопление ")
            self.ask("Яма у подъезда", "Дороги")
            self.ask("Спасибо за встречу", "")
            self.ask("Спросили в зале", "Отопление", asked=Question.Asked.AT_MEETING)
        assert here.pk == self.current.territory_id

    def make_incident(
        self,
        category: Category,
        age: int,
        *,
        due: int | None = None,
        closed: int | None = None,
        resolution: str = "",
        title: str = "Обращение",
        territory: object = None,
    ) -> Incident:
        return Incident.objects.create(
            title=title,
            category=category,
            territory=territory or self.territory,
            department=self.dept_a,
            status=Status.CLOSED if closed else Status.IN_WORK,
            resolution=resolution,
            created_at=NOW - age * DAY,
            final_answer_due=NOW + due * DAY if due is not None else None,
            closed_at=NOW - closed * DAY if closed else None,
        )

    def ask(self, text: str, topic: str, asked: str = Question.Asked.ADVANCE) -> Question:
        return actions.add_question(
            self.moderator, self.current, text=text, topic=topic, asked=asked
        )


class FiguresTests(BriefingCase):
    def test_incidents_topics_instructions_and_the_year(self) -> None:
        b = build(self.moderator, self.current, now=NOW)
        self.assertEqual((b.open_incidents, b.overdue_incidents), (3, 1))
        self.assertEqual(b.incidents[0], self.overdue)  # the most urgent first
        self.assertEqual(len(b.incidents), 3)
        self.assertEqual(
            [(t.name, t.recent, t.before) for t in b.topics],
            [("Отопление", 2, 1), ("Ямы на дорогах", 1, 2)],
        )
        self.assertEqual([t.trend for t in b.topics], ["рост", "снижение"])
        self.assertEqual([t.shift for t in b.topics], ["▲ +1 (+100 %)", "▼ −1 (−50 %)"])
        numbers = [i.text for i in b.instructions]
        self.assertEqual(
            numbers, ["Промыть систему отопления", "Починить крыльцо", "Покрасить забор"]
        )
        states = dict(b.instruction_states)
        self.assertEqual((states["Выполнено"], states["Выдано"], states["Отменено"]), (1, 1, 1))
        self.assertEqual(b.overdue_instructions, 1)
        year = b.year
        self.assertEqual(year.year, 2026)
        self.assertEqual((year.incidents_received, year.incidents_resolved), (6, 2))
        self.assertEqual((year.instructions_issued, year.instructions_done), (3, 1))
        self.assertEqual(year.meetings_held, 1)

    def test_questions_sent_in_advance_by_topic(self) -> None:
        groups = build(self.moderator, self.current, now=NOW).question_groups
        self.assertEqual(
            [(g.topic, [q.text for q in g.questions]) for g in groups],
            [
                ("Отопление", ["Когда дадут тепло?", "Батареи холодные"]),
                ("Без темы", ["Спасибо за встречу"]),
                ("Дороги", ["Яма у подъезда"]),
            ],
        )

    def test_the_year_starts_in_the_citys_time(self) -> None:
        start = year_start(datetime.fromisoformat("2026-12-31T18:30:00+00:00"))
        self.assertEqual(start.isoformat(), "2027-01-01T00:00:00+07:00")

    def test_a_new_topic_and_the_chart_scale(self) -> None:
        new = Topic("Новая", 4, 0)
        self.assertEqual(new.shift, "▲ +4 · новая тема")
        self.assertEqual(Topic("Ровно", 2, 2).shift, "= 0")
        drawn = chart([new, Topic("Мало", 1, 2)])
        self.assertEqual([b.recent_width for b in drawn.bars], [300, 75])
        self.assertEqual([b.before_width for b in drawn.bars], [0, 150])
        self.assertEqual(chart([]).bars, [])


class PageTests(BriefingCase):
    def url(self) -> str:
        return f"/meetings/{self.current.pk}/briefing/"

    def test_who_may_read_it(self) -> None:
        for user in (self.moderator, self.admin, self.analyst):
            self.login(user)
            self.assertEqual(self.client.get(self.url()).status_code, 200, user.username)
        for user in (self.executor_a, self.outsider):
            self.login(user)
            self.assertEqual(self.client.get(self.url()).status_code, 403, user.username)
        self.client.logout()
        self.assertEqual(self.client.get(self.url()).status_code, 302)
        self.login(self.moderator)
        self.assertEqual(self.client.get("/meetings/999999/briefing/").status_code, 404)

    def test_the_page_its_chart_and_the_link_on_the_card(self) -> None:
        self.login(self.moderator)
        with at(NOW):
            response = self.client.get(self.url())
        self.assertContains(response, "Справка для мэра")
        self.assertContains(response, "<svg", count=1)
        self.assertContains(response, "▲ +1 (+100 %)")
        self.assertContains(response, f"/incidents/{self.overdue.pk}/")
        self.assertContains(response, self.late.number)
        self.assertContains(response, "Спасибо за встречу")
        self.assertNotContains(response, "Спросили в зале")
        self.assertNotContains(response, "Чужое поручение")
        self.assertContains(response, "data-print")
        self.assertContains(response, "otklik/briefing.js")
        card = self.client.get(f"/meetings/{self.current.pk}/")
        self.assertContains(card, self.url())
        self.assertContains(card, "Справка для мэра")

    def test_text_is_escaped_in_the_chart_and_the_lists(self) -> None:
        Category.objects.filter(pk=self.category.pk).update(name=XSS)
        Incident.objects.filter(pk=self.overdue.pk).update(title=XSS)
        with at(NOW):
            self.ask(XSS, XSS)
        self.login(self.moderator)
        with at(NOW):
            response = self.client.get(self.url())
        self.assertNotContains(response, XSS)
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_a_constant_number_of_queries(self) -> None:
        self.login(self.moderator)

        def count() -> int:
            with at(NOW), CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(self.url()).status_code, 200)
            return len(queries)

        before = count()
        roads = Category.objects.create(code="lights", name="Освещение")
        for age in (1, 2, 3):
            self.make_incident(roads, age, due=-1)
        with at(NOW - 50 * DAY):
            earlier = Meeting.objects.exclude(pk=self.current.pk).filter(territory=self.territory)[
                0
            ]
            for n in range(3):
                self.instruction(earlier, text=f"Ещё поручение {n}", department=self.dept_b)
        with at(NOW):
            for n in range(3):
                self.ask(f"Ещё вопрос {n}", f"Тема {n}")
        self.assertEqual(count(), before)
        self.assertLess(before, 15)
