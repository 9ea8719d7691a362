"""Read-only figures of a report: how residents' messages were handled in the period.

- volumes: messages written in the period, by channel (inbox.Message.created_at), and a year's
  by month (counted in the database, city time);
- topics: incidents registered in the period (Incident.created_at) by category, the top ten;
- times and ratings, from the incidents' facts (analytics.IncidentFact, built by
  otklik.analytics.facts.build_fact: the one computation the dashboard's rollups sum too), in
  working hours of the city's calendar, median and mean: to the first reply over the incidents
  registered in the period (opened_day), to the final answer over those resolved in the period
  (closed_day, closed with an answer); the residents' ratings of the incidents closed in the
  period. So the report and the dashboard show the same figures for the same period (the
  dashboard's median is read from a histogram, exact to its bucket's width);
- on time: of the incidents registered in the period whose clock has run out by the period's
  end (or that were answered), the share answered by the deadline (first_reply_due,
  final_answer_due).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Avg, Count, Min, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from otklik.analytics.models import IncidentFact
from otklik.analytics.report_period import Period
from otklik.answers.models import Answer, AnswerRating, Publication
from otklik.inbox.models import Message
from otklik.incidents.models import Incident
from otklik.sources.models import Source

TOP_TOPICS = 10
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
    found = Handling(
        messages=_messages(period).count(),
        by_channel=by_channel(period),
        by_month=by_month(period),
        incidents=_registered(period).count(),
        topics=topics(period),
        ratings=ratings(period),
    )
    opened = _facts(period, "opened_day")
    closed = _facts(period, "closed_day")
    found.resolved = closed.filter(resolved=True).count()
    found.first_reply = Timing.of(_hours(opened, "first_reply_hours"))
    found.final_answer = Timing.of(_hours(closed, "final_hours"))
    _on_time(found, period, min(period.end, timezone.now()))
    return found


def _registered(period: Period) -> QuerySet[Incident]:
    return Incident.objects.filter(created_at__gte=period.start, created_at__lt=period.end)


def _facts(period: Period, day: str) -> QuerySet[IncidentFact]:
    return IncidentFact.objects.filter(
        **{f"{day}__gte": period.first_day, f"{day}__lte": period.last_day}
    )


def _hours(facts: QuerySet[IncidentFact], name: str) -> list[float]:
    return list(facts.filter(**{f"{name}__isnull": False}).values_list(name, flat=True))


def _messages(period: Period) -> QuerySet[Message]:
    return Message.objects.filter(created_at__gte=period.start, created_at__lt=period.end)


def by_channel(period: Period) -> list[tuple[str, int]]:
    rows = _messages(period).values("source_id").annotate(n=Count("pk")).order_by("-n")
    names = {s.pk: s.title or s.name for s in Source.objects.all()}
    return [(names[r["source_id"]], r["n"]) for r in rows]


def by_month(period: Period) -> list[tuple[int, int]]:
    """Messages per month of a year's report (city time); empty for shorter periods."""
    if period.kind != "year":
        return []
    counts = dict.fromkeys(range(1, 13), 0)
    rows = (
        _messages(period)
        .annotate(month=TruncMonth("created_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["month"].month] += row["n"]
    return list(counts.items())


def topics(period: Period) -> list[tuple[str, int]]:
    rows = (
        _registered(period)
        .values("category__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "category__name")[:TOP_TOPICS]
    )
    return [(r["category__name"] or NO_CATEGORY, r["n"]) for r in rows]


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
    rows = (
        _registered(period)
        .annotate(
            sent_at=Min("answers__publications__sent_at", filter=SENT),
            final_at=Min("answers__publications__sent_at", filter=FINAL_SENT),
        )
        .values_list(
            "first_replied_at", "sent_at", "first_reply_due", "final_at", "final_answer_due"
        )
    )
    for replied, sent, first_due, final, final_due in rows.iterator():
        _count(found.first_on_time, replied or sent, first_due, cutoff)
        _count(found.final_on_time, final, final_due, cutoff)


def _count(on_time: OnTime, done: datetime | None, due: datetime | None, cutoff: datetime) -> None:
    if due is None or (done is None and due >= cutoff):
        return  # no clock, or still running
    on_time.due += 1
    if done is not None and done <= due:
        on_time.on_time += 1
