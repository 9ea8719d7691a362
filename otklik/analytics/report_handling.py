"""Read-only figures of a report: how residents' messages were handled in the period.

- volumes: messages written in the period, by channel, and a year's by month; incidents
  registered and resolved in the period; topics: the registered ones by category, the top
  ten. These are the dashboard's figures, summed from the same rollups (the coarse ones,
  otklik.analytics.dashboard_slices: a year is twelve month rows per source or category), so
  the two agree by construction; the rollups follow the worker, a minute or so behind;
- times and ratings, from the incidents' facts (analytics.IncidentFact, built by
  otklik.analytics.facts.build_fact: the one computation the dashboard's rollups sum too), in
  working hours of the city's calendar: the count and the mean from the rollups' sums, the
  median exact from the facts (PERCENTILE_CONT in PostgreSQL): to the first reply over the
  incidents registered in the period (opened_day), to the final answer over those resolved in
  the period (closed_day, closed with an answer); the residents' ratings of the incidents
  closed in the period. The dashboard's median is read from a histogram, exact to its
  bucket's width;
- on time: of the incidents registered in the period whose clock has run out by the period's
  end (or that were answered), the share answered by the deadline (first_reply_due,
  final_answer_due).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Aggregate, Avg, Count, F, FloatField, Min, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from otklik.analytics import dashboard_slices as slices
from otklik.analytics.dashboard_figures import INCIDENT_SUMS
from otklik.analytics.dashboard_filters import Filters
from otklik.analytics.models import Dim, IncidentFact
from otklik.analytics.report_period import Period
from otklik.answers.models import Answer, AnswerRating, Publication
from otklik.cities.models import Category
from otklik.incidents.models import Incident
from otklik.sources.models import Source

TOP_TOPICS = 10


class Median(Aggregate):
    """PostgreSQL's exact median (interpolated between the two middle values, as
    statistics.median)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


NO_CATEGORY = "Без категории"


@dataclass
class Timing:
    """Working hours from registration to a reply, over the incidents that got one."""

    count: int = 0
    median: float | None = None
    mean: float | None = None

    @classmethod
    def of(cls, hours: list[float]) -> Timing:
        if not hours:
            return cls()
        return cls(len(hours), statistics.median(hours), statistics.fmean(hours))


@dataclass
class OnTime:
    due: int = 0  # incidents whose deadline had passed by the period's end, or answered
    on_time: int = 0  # … answered by the deadline

    @property
    def share(self) -> float | None:
        return self.on_time / self.due if self.due else None


@dataclass
class Ratings:
    count: int = 0
    solved: int = 0
    not_solved: int = 0
    mean_score: float | None = None
    scored: int = 0  # of `count`, those with a score (the mean's count)


@dataclass
class Handling:
    messages: int = 0
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_month: list[tuple[int, int]] = field(default_factory=list)  # (month, messages), a year
    incidents: int = 0
    resolved: int = 0  # closed in the period with an answer on the merits
    topics: list[tuple[str, int]] = field(default_factory=list)
    first_reply: Timing = field(default_factory=Timing)
    final_answer: Timing = field(default_factory=Timing)
    first_on_time: OnTime = field(default_factory=OnTime)
    final_on_time: OnTime = field(default_factory=OnTime)
    ratings: Ratings = field(default_factory=Ratings)


def handling(period: Period) -> Handling:
    f = Filters(period.first_day, period.last_day)
    totals = slices.incident_sums(f, INCIDENT_SUMS)[0]
    found = Handling(
        messages=slices.message_sums(f, ("count",))[0]["count"] or 0,
        by_channel=by_channel(f),
        by_month=by_month(period),
        incidents=totals["opened"] or 0,
        resolved=totals["resolved"] or 0,
        topics=topics(f),
        ratings=ratings(period),
    )
    found.first_reply = _timing(totals, "first", _facts(period, "opened_day"), "first_reply_hours")
    found.final_answer = _timing(totals, "final", _facts(period, "closed_day"), "final_hours")
    _on_time(found, period, min(period.end, timezone.now()))
    return found


def _timing(totals: dict, name: str, facts: QuerySet[IncidentFact], field: str) -> Timing:
    count = totals[f"{name}_count"] or 0
    if not count:
        return Timing()
    return Timing(count, exact_median(facts, field), totals[f"{name}_sum"] / count)


def _registered(period: Period) -> QuerySet[Incident]:
    return Incident.objects.filter(created_at__gte=period.start, created_at__lt=period.end)


def _facts(period: Period, day: str) -> QuerySet[IncidentFact]:
    return IncidentFact.objects.filter(
        **{f"{day}__gte": period.first_day, f"{day}__lte": period.last_day}
    )


def exact_median(facts: QuerySet[IncidentFact], name: str) -> float | None:
    """The median of a fact's hours: in the database on PostgreSQL, else here."""
    facts = facts.filter(**{f"{name}__isnull": False})
    if connection.vendor == "postgresql":
        return facts.aggregate(m=Median(name))["m"]
    hours = list(facts.values_list(name, flat=True))
    return statistics.median(hours) if hours else None


def by_channel(f: Filters) -> list[tuple[str, int]]:
    rows = [r for r in slices.message_sums(f, ("count",), Dim.SOURCE) if r["count"]]
    names = {s.pk: s.title or s.name for s in Source.objects.all()}
    rows.sort(key=lambda r: -r["count"])
    return [(names.get(r["source_id"], "Без источника"), r["count"]) for r in rows]


def by_month(period: Period) -> list[tuple[int, int]]:
    """Messages per month of a year's report (city days): the sources' month rows."""
    if period.kind != "year":
        return []
    counts = dict.fromkeys(range(1, 13), 0)
    for month in counts:
        first = period.first_day.replace(month=month)
        last = (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
        counts[month] = slices.message_sums(Filters(first, last), ("count",))[0]["count"] or 0
    return list(counts.items())


def topics(f: Filters) -> list[tuple[str, int]]:
    rows = slices.incident_sums(f, ("opened",), Dim.CATEGORY)
    names = {c.pk: c.name for c in Category.objects.filter(pk__in=[r["category_id"] for r in rows])}
    found = [(names.get(r["category_id"], NO_CATEGORY), r["opened"]) for r in rows if r["opened"]]
    return sorted(found, key=lambda item: (-item[1], item[0]))[:TOP_TOPICS]


def ratings(period: Period) -> Ratings:
    """The ratings of the incidents closed in the period (as the dashboard counts them)."""
    closed = _facts(period, "closed_day").values("incident_id")
    found = AnswerRating.objects.filter(incident_id__in=closed).aggregate(
        rated=Count("pk"),
        yes=Count("pk", filter=Q(solved=True)),
        no=Count("pk", filter=Q(solved=False)),
        scored=Count("score"),
        mean=Avg("score"),
    )
    return Ratings(found["rated"], found["yes"], found["no"], found["mean"], found["scored"])


SENT = Q(
    answers__publications__kind=Publication.Kind.ANSWER,
    answers__publications__status=Publication.Status.SENT,
)
FINAL_SENT = SENT & Q(answers__kind=Answer.Kind.FINAL)


def _on_time(found: Handling, period: Period, cutoff: datetime) -> None:
    """Both on-time shares in one aggregate in the database: each incident's first and final
    sent answers, then the counts over them (no row comes back here)."""
    rows = (
        _registered(period)
        .annotate(
            sent_at=Min("answers__publications__sent_at", filter=SENT),
            final_at=Min("answers__publications__sent_at", filter=FINAL_SENT),
        )
        .annotate(first_at=Coalesce("first_replied_at", "sent_at"))
    )
    counts = rows.aggregate(
        **_counts("first", "first_at", "first_reply_due", cutoff),
        **_counts("final", "final_at", "final_answer_due", cutoff),
    )
    found.first_on_time = OnTime(counts["first_due"], counts["first_on_time"])
    found.final_on_time = OnTime(counts["final_due"], counts["final_on_time"])


def _counts(name: str, done: str, due: str, cutoff: datetime) -> dict[str, Count]:
    """Due: a clock, and an answer or the deadline passed by the cutoff (else still running);
    on time: answered by the deadline."""
    clock = Q(**{f"{due}__isnull": False})
    counted = clock & (Q(**{f"{done}__isnull": False}) | Q(**{f"{due}__lt": cutoff}))
    in_time = clock & Q(**{f"{done}__lte": F(due)})
    return {
        f"{name}_due": Count("pk", filter=counted),
        f"{name}_on_time": Count("pk", filter=in_time),
    }
