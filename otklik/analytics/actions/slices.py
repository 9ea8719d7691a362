"""The coarse rollups' writers (otklik.analytics.models.slices).

A day's slices are summed in Python from the daily rows the same recompute has just written
(no extra read); a month's from the day slices of that month (one aggregate per table). Both
are recomputed whole (delete, then insert), so running them twice gives the same rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

from django.db import transaction
from django.db.models import Sum

from otklik.analytics.models import (
    DailyDurations,
    DailyMessages,
    Dim,
    Grain,
    SliceDurations,
    SliceIncidents,
    SliceMessages,
)

INCIDENT_NAMES = (
    "opened",
    "resolved",
    "first_sum",
    "first_count",
    "final_sum",
    "final_count",
    "overdue",
    "intermediate",
    "reopened",
    "still_open",
    "rating_sum",
    "rating_count",
)
MESSAGE_NAMES = ("count", "positive", "neutral", "negative", "toxic")
#: DailyIncidents' key order (category, department, territory) → the dimension of each place.
INCIDENT_DIMS = ((Dim.CATEGORY, 0), (Dim.DEPARTMENT, 1), (Dim.TERRITORY, 2))
DURATION_DIMS = (Dim.CITY, Dim.DEPARTMENT)


def month_of(day: date) -> date:
    return day.replace(day=1)


def _slice_keys(key: tuple) -> list[tuple[str, int | None]]:
    return [(Dim.CITY, None), *((dim, key[place]) for dim, place in INCIDENT_DIMS)]


def write_incident_day(
    day: date, sums: Mapping[tuple, Mapping[str, float]], durations: Iterable[DailyDurations]
) -> None:
    """The day's SliceIncidents and SliceDurations from the day's daily rows (in a
    transaction with them: the caller's)."""
    totals: dict[tuple[str, int | None], dict[str, float]] = defaultdict(
        lambda: dict.fromkeys(INCIDENT_NAMES, 0)
    )
    for key, values in sums.items():
        for target in _slice_keys(key):
            row = totals[target]
            for name, value in values.items():
                row[name] += value or 0
    counts: dict[tuple, int] = defaultdict(int)
    for d in durations:
        counts[(Dim.CITY, None, d.clock, d.bucket)] += d.count
        counts[(Dim.DEPARTMENT, d.department_id, d.clock, d.bucket)] += d.count
    day_rows = {"grain": Grain.DAY, "day": day}
    SliceIncidents.objects.filter(**day_rows).delete()
    SliceDurations.objects.filter(**day_rows).delete()
    SliceIncidents.objects.bulk_create(
        SliceIncidents(**day_rows, dim=dim, key=key, **values)
        for (dim, key), values in totals.items()
    )
    SliceDurations.objects.bulk_create(
        SliceDurations(**day_rows, dim=dim, key=key, clock=clock, bucket=bucket, count=n)
        for (dim, key, clock, bucket), n in counts.items()
    )


def write_incident_month(month: date) -> None:
    """The month's rows from its day slices."""
    days = {"grain": Grain.DAY, "day__gte": month, "day__lt": _next_month(month)}
    with transaction.atomic():
        SliceIncidents.objects.filter(grain=Grain.MONTH, day=month).delete()
        SliceDurations.objects.filter(grain=Grain.MONTH, day=month).delete()
        found = (
            SliceIncidents.objects.filter(**days)
            .values("dim", "key")
            .annotate(**{n: Sum(n) for n in INCIDENT_NAMES})
            .order_by()
        )
        SliceIncidents.objects.bulk_create(
            SliceIncidents(grain=Grain.MONTH, day=month, **row) for row in found
        )
        hist = (
            SliceDurations.objects.filter(**days)
            .values("dim", "key", "clock", "bucket")
            .annotate(count=Sum("count"))
            .order_by()
        )
        SliceDurations.objects.bulk_create(
            SliceDurations(grain=Grain.MONTH, day=month, **row) for row in hist
        )


def write_message_day(day: date, rows: Iterable[DailyMessages]) -> None:
    """The day's SliceMessages from the day's DailyMessages (in the caller's transaction)."""
    totals: dict[tuple[str, int | None, str], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(MESSAGE_NAMES, 0)
    )
    for row in rows:
        for target in (
            (Dim.SOURCE, row.source_id, row.source_kind),
            (Dim.CATEGORY, row.category_id, ""),
            (Dim.TERRITORY, row.territory_id, ""),
        ):
            for name in MESSAGE_NAMES:
                totals[target][name] += getattr(row, name)
    SliceMessages.objects.filter(grain=Grain.DAY, day=day).delete()
    SliceMessages.objects.bulk_create(
        SliceMessages(grain=Grain.DAY, day=day, dim=dim, key=key, source_kind=kind, **values)
        for (dim, key, kind), values in totals.items()
    )


def write_message_month(month: date) -> None:
    days = {"grain": Grain.DAY, "day__gte": month, "day__lt": _next_month(month)}
    with transaction.atomic():
        SliceMessages.objects.filter(grain=Grain.MONTH, day=month).delete()
        found = (
            SliceMessages.objects.filter(**days)
            .values("dim", "key", "source_kind")
            .annotate(**{n: Sum(n) for n in MESSAGE_NAMES})
            .order_by()
        )
        SliceMessages.objects.bulk_create(
            SliceMessages(grain=Grain.MONTH, day=month, **row) for row in found
        )


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)
