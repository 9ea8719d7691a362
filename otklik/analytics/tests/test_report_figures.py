"""The report's figures for October 2026 equal a direct computation over the same rows: the
numbers worked out by hand from the fixture, and the same counts by plain queries."""

from __future__ import annotations

import statistics

from django.db.models import Count

from otklik.analytics.report_figures import report_figures
from otklik.analytics.report_period import parse_period
from otklik.analytics.tests.report_fixture import PERIOD, ReportFixture
from otklik.inbox.models import Message
from otklik.incidents.deadlines import city_calendar
from otklik.incidents.models import Incident


class FiguresTests(ReportFixture):
    def setUp(self) -> None:
        self.period = parse_period(PERIOD)
        self.figures = report_figures(self.period)

    def test_messages_by_channel_in_city_time(self) -> None:
        h = self.figures.handling
        # vk: 3 from residents + 1 answered thread + 2 ratings; the 23:59 of 30 September and
        # the 00:30 of 1 November (city time) are outside.
        self.assertEqual(h.by_channel, [("ВК", 6), ("Телеграм", 1)])
        direct = Message.objects.filter(
            created_at__gte=self.period.start, created_at__lt=self.period.end
        ).count()
        self.assertEqual(h.messages, direct)
        self.assertEqual(h.messages, 7)

    def test_topics_are_incidents_by_category(self) -> None:
        h = self.figures.handling
        self.assertEqual(h.incidents, 3)
        self.assertEqual(h.topics, [("Отопление", 2), ("Без категории", 1)])
        direct = (
            Incident.objects.filter(
                created_at__gte=self.period.start, created_at__lt=self.period.end
            )
            .values("category__name")
            .annotate(n=Count("pk"))
        )
        self.assertEqual(sum(r["n"] for r in direct), h.incidents)

    def test_times_in_working_hours(self) -> None:
        h = self.figures.handling
        self.assertEqual((h.first_reply.count, h.first_reply.median), (2, 2.5))
        self.assertEqual(h.first_reply.mean, 2.5)
        self.assertEqual((h.final_answer.count, h.final_answer.median), (1, 8.0))
        calendar = city_calendar()
        hours = [
            calendar.working_hours_between(i.created_at, i.first_replied_at)
            for i in (self.inc1, self.inc2)
        ]
        self.assertEqual(h.first_reply.median, statistics.median(hours))

    def test_on_time_shares(self) -> None:
        h = self.figures.handling
        self.assertEqual((h.first_on_time.on_time, h.first_on_time.due), (1, 3))
        self.assertEqual((h.final_on_time.on_time, h.final_on_time.due), (1, 2))

    def test_ratings(self) -> None:
        # The ratings of the incidents closed in October, the one given in November too (as
        # the dashboard counts them: by the day the incident was closed).
        r = self.figures.handling.ratings
        self.assertEqual((r.count, r.solved, r.not_solved, r.scored), (3, 2, 1, 3))
        self.assertAlmostEqual(r.mean_score, 8 / 3)
        self.assertEqual(self.figures.handling.resolved, 1)

    def test_pages_growth_first_and_last_day(self) -> None:
        pages = {p.name: p for p in self.figures.pages}
        vk, tg = pages["ВК"], pages["Телеграм"]
        self.assertEqual((vk.first, vk.last, vk.growth), (1000, 1250, 250))
        self.assertEqual(vk.growth_share, 0.25)
        self.assertEqual((tg.first, tg.last, tg.growth), (500, 480, -20))
        self.assertEqual((vk.posts, vk.norm, tg.posts, tg.norm), (2, 31, 1, None))
        self.assertEqual(self.figures.subscribers_last, 1730)

    def test_campaigns_take_each_publications_latest_step(self) -> None:
        [row] = self.figures.campaigns
        self.assertEqual((row.title, row.kind), ("Жильё и городская среда", "Национальный проект"))
        f = row.figures
        self.assertEqual((f.posts, f.publications, f.views, f.reach), (2, 3, 700, 400))
        self.assertEqual(f.interactions, 19)
        self.assertAlmostEqual(f.engagement, 19 / 700)

    def test_meetings_and_instructions(self) -> None:
        m = self.figures.meetings
        self.assertEqual((m.held, m.planned), (1, 1))
        self.assertEqual((m.questions, m.answered, m.instructed), (3, 1, 1))
        self.assertEqual((m.given, m.done, m.done_on_time), (5, 2, 1))
        self.assertEqual((m.overdue, m.cancelled), (1, 1))

    def test_narrative_sections_are_all_there(self) -> None:
        self.assertEqual(set(self.figures.narrative), {"results", "factors", "tasks"})
        self.assertEqual(set(self.figures.narrative.values()), {""})

    def test_week_edges_cut_the_figures(self) -> None:
        # 2026-W44 is 26 October – 1 November: it holds the 23:30 of 31 October and the
        # 00:30 of 1 November, city time.
        week = report_figures(parse_period("2026-W44")).handling
        self.assertEqual(week.messages, 2)
