"""A report and the dashboard show the same figures for the same period: a year (read from the
month rollups), a month and a week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from otklik.analytics.actions.rollups import rebuild
from otklik.analytics.buckets import EDGES, bucket_of
from otklik.analytics.report_figures import report_figures
from otklik.analytics.report_period import parse_period
from otklik.answers.models import AnswerRating
from otklik.inbox.models import Message
from otklik.incidents.models import Incident
from otklik.incidents.states import Resolution, Status
from otklik.sources.models import Source
from otklik.testing.base import BaseTestCase

START = datetime(2026, 10, 25, 16, 40, tzinfo=UTC)  # 25 October 23:40 in the city (UTC+7)
RESOLUTIONS = (Resolution.RESOLVED, Resolution.EXPLAINED, Resolution.SPAM, Resolution.NOT_OURS)
PERIODS = ("2026", "2026-11", "2026-W46")


class ReportAgreesWithDashboardTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        tg = Source.objects.create(name="tg", kind=Source.Kind.TELEGRAM, title="Телеграм")
        # Every 13 hours for six weeks, over both edges of November: replies after a varying
        # wait, some reopened, most closed days later (some as spam), rated now and then.
        for n in range(80):
            created = START + timedelta(hours=13 * n)
            closed = created + timedelta(hours=7 * (n % 9) + 1) if n % 5 else None
            incident = Incident.objects.create(
                title=f"Инцидент {n}",
                category=cls.category if n % 3 else None,
                department=cls.dept_a if n % 2 else cls.dept_b,
                created_at=created,
                first_replied_at=created + timedelta(minutes=37 * (n % 11) + 5) if n % 4 else None,
                reopened_at=created + timedelta(minutes=20) if n % 17 == 0 else None,
                first_reply_due=created + timedelta(hours=8),
                final_answer_due=created + timedelta(days=5),
                closed_at=closed,
                status=Status.CLOSED if closed else Status.IN_WORK,
                resolution=RESOLUTIONS[n % 4] if closed else "",
            )
            if closed and n % 3 == 0:
                AnswerRating.objects.create(
                    incident=incident,
                    solved=n % 2 == 0,
                    score=1 + n % 5,
                    message=cls.write(f"r{n}", closed, cls.source),
                    created_at=closed,
                )
            cls.write(f"m{n}", created, tg if n % 2 else cls.source)
        rebuild()

    @classmethod
    def write(cls, key: str, at: datetime, source: Source) -> Message:
        return Message.objects.create(source=source, external_id=key, text=key, created_at=at)

    def dashboard(self, key: str) -> dict:
        period = parse_period(key)
        self.login(self.analyst)
        query = f"?date_from={period.first_day}&date_to={period.last_day}"
        return self.client.get("/analytics/" + query).context

    def assertMedian(self, exact: float | None, read: float | None) -> None:
        """The dashboard reads its median from a histogram: exact to the bucket's width."""
        self.assertIsNotNone(exact)
        bucket = bucket_of(exact)
        width = EDGES[bucket + 1] - EDGES[bucket] if bucket + 1 < len(EDGES) else 8
        self.assertLessEqual(abs(exact - read), width)

    def test_the_same_figures(self) -> None:
        for key in PERIODS:
            with self.subTest(key):
                h = report_figures(parse_period(key)).handling
                context = self.dashboard(key)
                city, inflow = context["incidents"]["city"], context["inflow"]
                self.assertGreater(h.incidents, 0)
                self.assertEqual(h.incidents, city["opened"])
                self.assertGreater(h.resolved, 0)
                self.assertEqual(h.resolved, city["resolved"])
                self.assertAlmostEqual(h.first_reply.mean, city["first_mean"])
                self.assertMedian(h.first_reply.median, city["first_median"])
                self.assertAlmostEqual(h.final_answer.mean, city["final_mean"])
                self.assertMedian(h.final_answer.median, city["final_median"])
                self.assertEqual(h.ratings.scored, city["rating_count"])
                self.assertAlmostEqual(h.ratings.mean_score, city["rating"])
                self.assertEqual(h.messages, inflow["total"])
                channels = sorted(n for _, n in h.by_channel)
                self.assertEqual(channels, sorted(r["count"] for r in inflow["source"]))

    def test_a_year_counts_what_its_months_hold(self) -> None:
        """The year's figures come from the month rollups: they equal the raw tables'."""
        h = report_figures(parse_period("2026")).handling
        self.assertEqual(h.incidents, Incident.objects.count())
        self.assertEqual(h.messages, Message.objects.count())
        month = parse_period("2026-11")  # city days
        written = Message.objects.filter(created_at__gte=month.start, created_at__lt=month.end)
        self.assertEqual(dict(h.by_month)[11], written.count())
        self.assertGreater(dict(h.by_month)[10], 0)
