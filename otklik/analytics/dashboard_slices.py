"""The dashboard's reads of the rollups, from the coarse ones when the filters allow.

A figure summed over one dimension at most (the city, or by department, or one chosen
territory, category, department or channel) reads the coarse rollups
(otklik.analytics.models.slices): a few rows per day and dimension instead of one per
(category, department, territory), and for a long period its whole calendar months from the
month rows, its edge days from the day rows. Two dimensions at once (a territory and a
category, or a category broken down by department) read the daily rollups as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import DateField, F, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncWeek

from otklik.analytics.dashboard_filters import Filters
from otklik.analytics.models import (
    DailyDurations,
    DailyIncidents,
    DailyMessages,
    Dim,
    Grain,
    SliceDurations,
    SliceIncidents,
    SliceMessages,
)
from otklik.cities.models import Category

#: A breakdown's dimension and the name its key goes by in the daily rollups.
KEY_NAMES = {
    Dim.DEPARTMENT: "department_id",
    Dim.CATEGORY: "category_id",
    Dim.TERRITORY: "territory_id",
    Dim.SOURCE: "source_id",
}


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def days_q(start: date, end: date) -> Q:
    return Q(grain=Grain.DAY, day__gte=start, day__lte=end)


def span_q(start: date, end: date) -> Q:
    """Whole months from the month rows, the days before and after them from the day rows."""
    first = start if start.day == 1 else _next_month(start)
    last = first
    while _next_month(last) - timedelta(days=1) <= end:
        last = _next_month(last)
    if last == first:  # no whole month inside
        return days_q(start, end)
    return (
        Q(grain=Grain.MONTH, day__gte=first, day__lt=last)
        | days_q(start, first - timedelta(days=1))
        | days_q(last, end)
    )


def _category_q(category: Category) -> Q:
    children = Category.objects.filter(parent=category).values("pk")
    return Q(key=category.pk) | Q(key__in=Subquery(children))


def _chosen(f: Filters, *, messages: bool) -> dict[str, Q]:
    """The filters in use, each as its dimension and its condition on the slices' rows."""
    chosen: dict[str, Q] = {}
    if f.territory:
        chosen[Dim.TERRITORY] = Q(key=f.territory.pk)
    if f.category:
        chosen[Dim.CATEGORY] = _category_q(f.category)
    if messages and f.channel:
        chosen[Dim.SOURCE] = Q(source_kind=f.channel)
    if not messages and f.department:
        chosen[Dim.DEPARTMENT] = Q(key=f.department.pk)
    return chosen


def pick(
    f: Filters, by: str | None, *, messages: bool = False, dims: Iterable[str] = ()
) -> Q | None:
    """The slices' rows for these filters broken down `by` one dimension, or None when that
    takes two dimensions (or one the table lacks: `dims`, when given, are those it has)."""
    chosen = _chosen(f, messages=messages)
    needed = set(chosen) | ({by} if by else set())
    if len(needed) > 1:
        return None
    dim = needed.pop() if needed else (Dim.SOURCE if messages else Dim.CITY)
    if dims and dim not in dims:
        return None
    return Q(dim=dim) & chosen.get(dim, Q())


def _grouped(rows: QuerySet, by: str | None, names: Iterable[str], key_name: str) -> list[dict]:
    sums = {n: Sum(n) for n in names}
    if by is None:
        return [rows.aggregate(**sums)]
    if by == "day":
        return list(rows.values("day").annotate(**sums).order_by("day"))
    extra = ("source_kind",) if by == Dim.SOURCE else ()
    found = rows.values(*extra, **{key_name: F("key")}).annotate(**sums).order_by(key_name)
    return list(found)


def incident_sums(f: Filters, names: tuple[str, ...], by: str | None = None) -> list[dict]:
    """The period's DailyIncidents sums: in total (by=None), by "day", or by Dim.DEPARTMENT,
    Dim.CATEGORY or Dim.TERRITORY (as `department_id`, `category_id`, `territory_id`)."""
    where = pick(f, None if by in (None, "day") else by)
    period = days_q(f.start, f.end) if by == "day" else span_q(f.start, f.end)
    if where is None:
        return _daily_incidents(f, names, by)
    rows = SliceIncidents.objects.filter(period & where)
    return _grouped(rows, by, names, KEY_NAMES.get(by, "key"))  # type: ignore[arg-type]


def _daily_incidents(f: Filters, names: tuple[str, ...], by: str | None) -> list[dict]:
    rows = DailyIncidents.objects.filter(Q(day__gte=f.start, day__lte=f.end) & f.rollup_q())
    sums = {n: Sum(n) for n in names}
    if by is None:
        return [rows.aggregate(**sums)]
    group = "day" if by == "day" else KEY_NAMES[by]
    return list(rows.values(group).annotate(**sums).order_by(group))


def durations(f: Filters, by: str | None = None) -> list[dict[str, Any]]:
    """Duration histograms: rows of clock, bucket and n, with `day` (by="day"), `week` (its
    Monday, by="week", summed in the database) or `department_id` (by=Dim.DEPARTMENT)."""
    by_time = by in ("day", "week")
    where = pick(f, None if by is None or by_time else by, dims=(Dim.CITY, Dim.DEPARTMENT))
    if where is None:
        rows = DailyDurations.objects.filter(Q(day__gte=f.start, day__lte=f.end) & f.rollup_q())
        key = F("department_id")
    else:
        period = days_q(f.start, f.end) if by_time else span_q(f.start, f.end)
        rows = SliceDurations.objects.filter(period & where)
        key = F("key")
    group: dict[str, Any] = {
        None: {},
        "day": {"on": F("day")},
        "week": {"on": TruncWeek("day", output_field=DateField())},
    }.get(by, {"on": key})
    found = rows.values("clock", "bucket", **group).annotate(n=Sum("count")).order_by()
    names = {"on": "department_id" if by == Dim.DEPARTMENT else by}
    return [{names.get(k, k): v for k, v in row.items()} for row in found]


def backlog_rows(f: Filters) -> QuerySet:
    """The day rows that still have open incidents, for these filters (any day)."""
    where = pick(f, None)
    if where is None:
        return DailyIncidents.objects.filter(f.rollup_q(), still_open__gt=0)
    return SliceIncidents.objects.filter(where, grain=Grain.DAY, still_open__gt=0)


def message_sums(f: Filters, names: tuple[str, ...], by: str | None = None) -> list[dict]:
    """The period's DailyMessages sums: in total, by "day", or by Dim.SOURCE (source_id and
    source_kind), Dim.CATEGORY (category_id) or Dim.TERRITORY (territory_id)."""
    where = pick(f, None if by in (None, "day") else by, messages=True)
    if where is None:
        return _daily_messages(f, names, by)
    period = days_q(f.start, f.end) if by == "day" else span_q(f.start, f.end)
    rows = SliceMessages.objects.filter(period & where)
    return _grouped(rows, by, names, KEY_NAMES.get(by, "key"))  # type: ignore[arg-type]


def _daily_messages(f: Filters, names: tuple[str, ...], by: str | None) -> list[dict]:
    rows = DailyMessages.objects.filter(
        Q(day__gte=f.start, day__lte=f.end) & f.rollup_q(department=False)
    )
    rows = rows.filter(source_kind=f.channel) if f.channel else rows
    sums = {n: Sum(n) for n in names}
    if by is None:
        return [rows.aggregate(**sums)]
    groups = {"day": ("day",), Dim.SOURCE: ("source_id", "source_kind")}
    group = groups[by] if by in groups else (KEY_NAMES[by],)
    return list(rows.values(*group).annotate(**sums).order_by(*group))
