"""The coarse rollups sum to what the daily rollups give, for a long period over month edges,
with each filter and broken down each way; the worker keeps them as a rebuild would."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from importlib import import_module

from django.db.models import Q

from otklik.analytics import dashboard_slices as slices
from otklik.analytics.actions.rollups import rebuild, update_rollups
from otklik.analytics.dashboard_figures import INCIDENT_SUMS, MESSAGE_SUMS
from otklik.analytics.dashboard_filters import Filters
from otklik.analytics.models import Dim, Grain, SliceDurations, SliceIncidents, SliceMessages
from otklik.inbox.models import Message
from otklik.incidents.models import Event, Incident
from otklik.incidents.states import Resolution, Status
from otklik.sources.models import Source
from otklik.testing.base import BaseTestCase

START = datetime(2026, 1, 20, 3, 0, tzinfo=UTC)


def as_map(rows: list[dict], key: str | tuple[str, ...] | None) -> dict:
    keys = (key,) if isinstance(key, str) else key or ()
    return {
        tuple(r[k] for k in keys): {n: round(r[n] or 0, 6) for n in r if n not in keys}
        for r in rows
    }  # sums of hours in another order differ in the last bits


def _round(value: object) -> object:
    return round(value, 6) if isinstance(value, float) else value


class SlicesTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        rng = random.Random(7)
        tg = Source.objects.create(name="tg", kind=Source.Kind.TELEGRAM, title="Телеграм")
        # 120 incidents over 100 days (January to April), two departments, two territories,
        # the category, its group or none; most closed, some late, some rated.
        for i in range(120):
            created = START + timedelta(hours=rng.randint(0, 24 * 100))
            closed = created + timedelta(hours=rng.randint(1, 24 * 20)) if i % 4 else None
            incident = Incident.objects.create(
                title=f"#{i}",
                category=(cls.category, cls.group, None)[i % 3],
                department=cls.dept_a if i % 2 else cls.dept_b,
                territory=cls.territory if i % 5 else cls.territory_b,
                created_at=created,
                first_replied_at=created + timedelta(minutes=rng.randint(5, 3000)),
                first_reply_due=created + timedelta(hours=8),
                final_answer_due=created + timedelta(days=rng.randint(1, 10)),
                closed_at=closed,
                status=Status.CLOSED if closed else Status.IN_WORK,
                resolution=Resolution.RESOLVED if closed else "",
            )
            Event.objects.create(incident=incident, kind=Event.Kind.CREATED, created_at=created)
            Message.objects.create(
                source=tg if i % 2 else cls.source,
                external_id=f"m{i}",
                text=f"сообщение {i}",
                created_at=created,
                territory=incident.territory,
            )
        rebuild()

    def filters(self) -> list[Filters]:
        long, short = (date(2026, 1, 25), date(2026, 4, 10)), (date(2026, 2, 3), date(2026, 2, 20))
        out = []
        for start, end in (long, short, (date(2026, 2, 1), date(2026, 3, 31))):
            out += [
                Filters(start, end),
                Filters(start, end, department=self.dept_a),
                Filters(start, end, territory=self.territory_b),
                Filters(start, end, category=self.group),
                Filters(start, end, channel=Source.Kind.TELEGRAM),
                Filters(start, end, territory=self.territory, category=self.group),
            ]
        return out

    def test_the_long_period_reads_month_rows(self) -> None:
        q = slices.span_q(date(2026, 1, 25), date(2026, 4, 10))
        months = set(
            SliceIncidents.objects.filter(q, grain=Grain.MONTH, dim=Dim.CITY).values_list(
                "day", flat=True
            )
        )
        self.assertEqual(months, {date(2026, 2, 1), date(2026, 3, 1)})

    def test_incident_sums_equal_the_daily_rollups(self) -> None:
        for f in self.filters():
            for by, key in ((None, None), ("day", "day"), (Dim.DEPARTMENT, "department_id")):
                with self.subTest(f=f, by=by):
                    got = as_map(slices.incident_sums(f, INCIDENT_SUMS, by), key)
                    want = as_map(slices._daily_incidents(f, INCIDENT_SUMS, by), key)
                    self.assertEqual(got, want)
                    self.assertTrue(any(v["opened"] for v in got.values()) or f.territory)

    def test_durations_equal_the_daily_rollups(self) -> None:
        for f in self.filters():
            for by, key in ((None, ()), ("day", ("day",)), (Dim.DEPARTMENT, ("department_id",))):
                with self.subTest(f=f, by=by):
                    key = (*key, "clock", "bucket")
                    got = as_map(slices.durations(f, by), key)
                    rows = slices.DailyDurations.objects.filter(
                        Q(day__gte=f.start, day__lte=f.end) & f.rollup_q()
                    )
                    group = key
                    want = as_map(list(rows.values(*group).annotate(n=slices.Sum("count"))), key)
                    self.assertEqual(got, want)

    def test_message_sums_equal_the_daily_rollups(self) -> None:
        ways = (
            (None, None),
            ("day", "day"),
            (Dim.SOURCE, ("source_id", "source_kind")),
            (Dim.CATEGORY, "category_id"),
            (Dim.TERRITORY, "territory_id"),
        )
        for f in self.filters():
            for by, key in ways:
                with self.subTest(f=f, by=by):
                    got = as_map(slices.message_sums(f, MESSAGE_SUMS, by), key)
                    want = as_map(slices._daily_messages(f, MESSAGE_SUMS, by), key)
                    self.assertEqual(got, want)

    def test_the_worker_keeps_them_as_a_rebuild_would(self) -> None:
        incident = Incident.objects.filter(status=Status.IN_WORK).first()
        Incident.objects.filter(pk=incident.pk).update(
            status=Status.CLOSED,
            closed_at=START + timedelta(days=40),
            resolution=Resolution.RESOLVED,
        )
        Event.objects.create(incident=incident, kind=Event.Kind.STATUS_CHANGED, created_at=START)
        Message.objects.create(source=self.source, external_id="new", text="x", created_at=START)
        while update_rollups():
            pass
        kept = {m: self.rows(m) for m in (SliceIncidents, SliceDurations, SliceMessages)}
        rebuild()
        for model, found in kept.items():
            self.assertEqual(found, self.rows(model), model.__name__)

    def test_the_migration_fills_them_from_the_daily_rollups(self) -> None:
        from django.apps import apps

        backfill = import_module("otklik.analytics.migrations.0005_coarse_rollups").backfill
        built = {m: self.rows(m) for m in (SliceIncidents, SliceDurations, SliceMessages)}
        for model in built:
            model.objects.all().delete()
        backfill(apps, None)
        for model, found in built.items():
            # a rebuild also writes empty days' rows: the migration skips those
            self.assertEqual([r for r in found if any(r[4:])], self.rows(model), model.__name__)

    @staticmethod
    def rows(model: type) -> list[tuple]:
        fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
        found = model.objects.values_list(*fields)
        return sorted((tuple(_round(v) for v in row) for row in found), key=repr)
