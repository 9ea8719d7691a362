"""Rollups equal a direct computation on a fixture; recomputing gives the same rows."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from statistics import median as exact_median

from django.test import override_settings

from otklik.analytics.actions.rollups import rebuild, update_rollups
from otklik.analytics.buckets import EDGES, bucket_of, median
from otklik.analytics.models import DailyDurations, DailyIncidents, DailyMessages, IncidentFact
from otklik.analytics.workclock import WorkClock
from otklik.incidents.deadlines import city_calendar
from otklik.incidents.models import Event, Incident
from otklik.incidents.states import Resolution, Status
from otklik.testing.base import BaseTestCase

START = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # Monday 09:00 in a UTC+3 city


def rows(model: type) -> list[tuple]:
    fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
    return sorted(model.objects.values_list(*fields), key=repr)


class Fixture(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        rng = random.Random(3)
        cls.incidents = []
        for i in range(40):
            created = START + timedelta(hours=rng.randint(0, 24 * 10))
            replied = created + timedelta(minutes=rng.randint(10, 60 * 30))
            closed = created + timedelta(hours=rng.randint(2, 24 * 12)) if i % 3 else None
            incident = Incident.objects.create(
                title=f"#{i}",
                category=cls.category,
                department=cls.dept_a if i % 2 else cls.dept_b,
                territory=cls.territory,
                created_at=created,
                first_replied_at=replied,
                first_reply_due=created + timedelta(hours=8),
                final_answer_due=created + timedelta(days=9),
                status=Status.CLOSED if closed else Status.IN_WORK,
                resolution=Resolution.RESOLVED if closed else "",
                closed_at=closed,
            )
            Event.objects.create(incident=incident, kind=Event.Kind.CREATED, created_at=created)
            cls.incidents.append(incident)


class WorkClockTest(BaseTestCase):
    def test_equals_the_calendar(self) -> None:
        rng, clock, calendar = random.Random(1), WorkClock(), city_calendar()
        for _ in range(200):
            a = START + timedelta(minutes=rng.randint(-5000, 60000))
            b = a + timedelta(minutes=rng.randint(0, 40000))
            self.assertAlmostEqual(clock.hours(a, b), calendar.working_hours_between(a, b), 6)


class BucketsTest(BaseTestCase):
    def test_median_falls_in_the_exact_medians_bucket(self) -> None:
        rng = random.Random(2)
        for _ in range(50):
            values = [rng.uniform(0, 120) for _ in range(rng.randint(1, 41) * 2 - 1)]
            hist: dict[int, int] = {}
            for v in values:
                hist[bucket_of(v)] = hist.get(bucket_of(v), 0) + 1
            exact = exact_median(values)
            got = median(hist)
            assert got is not None
            self.assertEqual(
                bucket_of(got) if got < EDGES[-1] else len(EDGES) - 1, bucket_of(exact)
            )


@override_settings(TIME_ZONE="Europe/Moscow")
class RollupTest(Fixture):
    def test_sums_equal_a_direct_computation(self) -> None:
        rebuild()
        clock = WorkClock()
        opened = sum(r.opened for r in DailyIncidents.objects.all())
        self.assertEqual(opened, len(self.incidents))
        closed = [i for i in self.incidents if i.closed_at]
        self.assertEqual(sum(r.resolved for r in DailyIncidents.objects.all()), len(closed))
        direct = sum(clock.hours(i.created_at, i.closed_at) for i in closed)  # type: ignore[arg-type]
        self.assertAlmostEqual(sum(r.final_sum for r in DailyIncidents.objects.all()), direct, 3)
        firsts = [clock.hours(i.created_at, i.first_replied_at) for i in self.incidents]  # type: ignore[arg-type]
        hist: dict[int, int] = {}
        for row in DailyDurations.objects.filter(clock="first"):
            hist[row.bucket] = hist.get(row.bucket, 0) + row.count
        expected: dict[int, int] = {}
        for v in firsts:
            expected[bucket_of(v)] = expected.get(bucket_of(v), 0) + 1
        self.assertEqual(hist, expected)
        self.assertEqual(bucket_of(median(hist) or 0), bucket_of(exact_median(firsts)))

    def test_rerun_is_idempotent(self) -> None:
        self.message(created_at=START)
        rebuild()
        before = [rows(m) for m in (IncidentFact, DailyIncidents, DailyDurations, DailyMessages)]
        rebuild()
        after = [rows(m) for m in (IncidentFact, DailyIncidents, DailyDurations, DailyMessages)]
        self.assertEqual(before, after)
        self.assertEqual(DailyMessages.objects.get().count, 1)

    def test_worker_follows_changes(self) -> None:
        rebuild()
        incident = self.incidents[0]
        Incident.objects.filter(pk=incident.pk).update(
            status=Status.CLOSED,
            resolution=Resolution.RESOLVED,
            closed_at=START + timedelta(days=3),
        )
        Event.objects.create(incident=incident, kind=Event.Kind.STATUS_CHANGED)
        self.message(created_at=START)
        self.assertGreater(update_rollups(500), 0)
        incremental = [rows(m) for m in (DailyIncidents, DailyDurations, DailyMessages)]
        rebuild()
        self.assertEqual(
            incremental, [rows(m) for m in (DailyIncidents, DailyDurations, DailyMessages)]
        )
        self.assertEqual(update_rollups(500), 0)
