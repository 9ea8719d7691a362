"""The dashboard's figures from the rollups: a fixed handful of queries, whatever the data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from otklik.accounts.models import User
from otklik.analytics import dashboard_links as links
from otklik.analytics import dashboard_slices as slices
from otklik.analytics.buckets import median
from otklik.analytics.dashboard_filters import Filters
from otklik.analytics.models import DailyDurations, DailyIncidents, DailyMessages, Dim
from otklik.cities.models import Category, Department, Territory
from otklik.sources.models import Source

INCIDENT_SUMS = (
    "opened",
    "resolved",
    "first_sum",
    "first_count",
    "final_sum",
    "final_count",
    "overdue",
    "intermediate",
    "reopened",
    "rating_sum",
    "rating_count",
)
MESSAGE_SUMS = ("count", "positive", "neutral", "negative", "toxic")
AGES = (
    (1, "до суток"),
    (3, "1–3 дня"),
    (7, "3–7 дней"),
    (30, "7–30 дней"),
    (None, "больше 30 дней"),
)


def period_q(f: Filters) -> Q:
    return Q(day__gte=f.start, day__lte=f.end)


def incident_rows(f: Filters) -> QuerySet[DailyIncidents]:
    return DailyIncidents.objects.filter(period_q(f) & f.rollup_q())


def message_rows(f: Filters) -> QuerySet[DailyMessages]:
    rows = DailyMessages.objects.filter(period_q(f) & f.rollup_q(department=False))
    return rows.filter(source_kind=f.channel) if f.channel else rows


def bucket_of_day(f: Filters, day: date) -> date:
    return day - timedelta(days=day.weekday()) if f.by_week else day


def sums(rows: QuerySet, names: tuple[str, ...], *by: str) -> list[dict[str, Any]]:
    return list(rows.values(*by).annotate(**{n: Sum(n) for n in names}).order_by(*by))


@dataclass
class Metrics:
    """The ЦУР metrics of one department, or of the city, over a period."""

    sums: dict[str, float] = field(default_factory=dict)
    first: dict[int, int] = field(default_factory=dict)
    final: dict[int, int] = field(default_factory=dict)

    def add(self, row: dict[str, Any]) -> None:
        for name in INCIDENT_SUMS:
            self.sums[name] = self.sums.get(name, 0) + (row.get(name) or 0)

    def count(self, row: dict[str, Any]) -> None:
        """One histogram row: clock, bucket, n."""
        hist = self.first if row["clock"] == DailyDurations.Clock.FIRST else self.final
        hist[row["bucket"]] = hist.get(row["bucket"], 0) + row["n"]

    def _share(self, name: str) -> float | None:
        opened = self.sums.get("opened", 0)
        return self.sums.get(name, 0) / opened if opened else None

    def _mean(self, name: str) -> float | None:
        count = self.sums.get(f"{name}_count", 0)
        return self.sums.get(f"{name}_sum", 0) / count if count else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "opened": int(self.sums.get("opened", 0)),
            "resolved": int(self.sums.get("resolved", 0)),
            "first_median": median(self.first),
            "first_mean": self._mean("first"),
            "final_median": median(self.final),
            "final_mean": self._mean("final"),
            "overdue_share": self._share("overdue"),
            "intermediate_share": self._share("intermediate"),
            "reopened_share": self._share("reopened"),
            "rating": self._mean("rating"),
            "rating_count": int(self.sums.get("rating_count", 0)),
        }


def metrics_by_department(f: Filters) -> tuple[Metrics, dict[int | None, Metrics]]:
    """(the city's, each department's) over the period: two queries."""
    city, per = Metrics(), defaultdict(Metrics)
    for row in slices.incident_sums(f, INCIDENT_SUMS, Dim.DEPARTMENT):
        city.add(row)
        per[row["department_id"]].add(row)
    for row in slices.durations(f, Dim.DEPARTMENT):
        city.count(row)
        per[row["department_id"]].count(row)
    return city, dict(per)


def city_metrics(f: Filters) -> dict[str, Any]:
    """The city's figures alone (the city's coarse rollups when no two filters cross)."""
    city = Metrics()
    for row in slices.incident_sums(f, INCIDENT_SUMS):
        city.add(row)
    for row in slices.durations(f):
        city.count(row)
    return city.as_dict()


def ranking(f: Filters, per: dict[int | None, Metrics]) -> list[dict[str, Any]]:
    """Departments best first: least overdue, then the quickest final answer."""
    names = Department.objects.in_bulk([pk for pk in per if pk is not None])
    rows = []
    for pk, metrics in per.items():
        figures = metrics.as_dict()
        if not figures["opened"] and not figures["resolved"]:
            continue
        name = str(names[pk]) if pk in names else "Без подразделения"
        rows.append(
            {
                "name": name,
                "link": links.incidents(f, department=pk),
                "resolved_link": links.incidents(f, "resolved", by=links.CLOSED, department=pk),
                "overdue_link": links.incidents(f, "late", department=pk),
                **figures,
            }
        )
    worst = float("inf")
    rows.sort(key=lambda r: (_or(r["overdue_share"], worst), _or(r["final_median"], worst)))
    for place, row in enumerate(rows, 1):
        row["place"] = place
    return rows


def _or(value: float | None, default: float) -> float:
    return default if value is None else value


def backlog(f: Filters, user: User) -> list[dict[str, Any]]:
    """Open incidents now, by age in the city's days (today, 1–2 days ago, 3–6, 7–29, older):
    one query on the rollup's rows that still have open incidents (DailyIncidents.still_open,
    a partial index), not on the incidents. An executor's filters hold their department."""
    today = timezone.localdate()
    rows = slices.backlog_rows(f)
    cases, newer = {}, None
    for i, (days, _) in enumerate(AGES):
        q = Q(day__gt=today - timedelta(days=days)) if days else Q()
        if newer is not None:
            q &= Q(day__lte=today - timedelta(days=newer))
        cases[f"a{i}"] = Sum("still_open", filter=q, default=0)
        newer = days
    counts = rows.aggregate(**cases)
    link = links.incidents(f, "open", by=None)
    return [
        {"label": label, "count": counts[f"a{i}"], "link": link}
        for i, (_, label) in enumerate(AGES)
    ]


def names_of(model: type, ids: set[int | None]) -> dict[int, str]:
    return {pk: str(obj) for pk, obj in model.objects.in_bulk([i for i in ids if i]).items()}


def message_breakdowns(
    f: Filters, by_category: list[dict[str, Any]] | None = None
) -> dict[str, list[dict]]:
    """By source, by category (`by_category`: message_sums by Dim.CATEGORY when the caller
    has them already, for the growing topics) and by territory."""
    if by_category is None:
        by_category = slices.message_sums(f, ("count",), Dim.CATEGORY)
    by_source = slices.message_sums(f, ("count",), Dim.SOURCE)
    by_territory = slices.message_sums(f, ("count",), Dim.TERRITORY)
    sources = Source.objects.in_bulk([r["source_id"] for r in by_source if r["source_id"]])
    categories = names_of(Category, {r["category_id"] for r in by_category})
    territories = names_of(Territory, {r["territory_id"] for r in by_territory})
    kinds = dict(Source.Kind.choices)
    return {
        "source": [
            {
                "label": f"{sources[r['source_id']].title or sources[r['source_id']].name} "
                f"({kinds.get(r['source_kind'], r['source_kind'])})"
                if r["source_id"] in sources
                else "Без источника",
                "count": r["count"],
                "link": links.inbox(f, source=r["source_id"]),
            }
            for r in by_source
        ],
        "category": [
            {
                "label": categories.get(r["category_id"], "Без категории"),
                "count": r["count"],
                "link": links.incidents(f, category=r["category_id"]),
            }
            for r in by_category
        ],
        "territory": [
            {
                "label": territories.get(r["territory_id"], "Без территории"),
                "count": r["count"],
                "link": links.inbox(f, territory=r["territory_id"]),
            }
            for r in by_territory
        ],
    }


def series(f: Filters, rows: list[dict[str, Any]], names: tuple[str, ...]) -> list[dict]:
    """Day (or week) rows with every day of the period present, zeros where nothing was."""
    out: dict[date, dict[str, Any]] = {}
    day = f.start
    while day <= f.end:
        out.setdefault(bucket_of_day(f, day), {n: 0 for n in names})
        day += timedelta(days=1)
    for row in rows:
        target = out.setdefault(bucket_of_day(f, row["day"]), {n: 0 for n in names})
        for name in names:
            target[name] += row[name] or 0
    return [{"day": day, **values} for day, values in sorted(out.items())]


def growing_topics(
    f: Filters, by_category: list[dict[str, Any]], limit: int = 10
) -> list[dict[str, Any]]:
    """Categories whose messages grew most against the previous period (`by_category`: this
    period's, as message_breakdowns has them)."""
    now = {r["category_id"]: r["count"] for r in by_category}
    before_rows = slices.message_sums(f.previous(), ("count",), Dim.CATEGORY)
    before = {r["category_id"]: r["count"] for r in before_rows}
    names = names_of(Category, set(now))
    rows = [
        {
            "label": names.get(pk, "Без категории"),
            "count": count,
            "before": before.get(pk, 0),
            "growth": count - before.get(pk, 0),
            "link": links.incidents(f, category=pk),
        }
        for pk, count in now.items()
        if pk
    ]
    return sorted(rows, key=lambda r: -r["growth"])[:limit]
