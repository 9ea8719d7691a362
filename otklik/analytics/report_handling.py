"""Read-only figures of a report: how residents' messages were handled in the period.

- volumes: messages written in the period, by channel (inbox.Message.created_at);
- topics: incidents registered in the period (Incident.created_at) by category, the top ten;
- times, in working hours of the city's calendar (otklik.incidents.deadlines.city_calendar),
  for the incidents registered in the period: to the first reply (Incident.first_replied_at,
  else the first answer sent into a thread) and to the final answer (the first publication
  sent of a final answer); median and mean;
- on time: of those incidents whose clock has run out by the period's end (or that were
  answered), the share answered by the deadline (first_reply_due, final_answer_due);
- ratings: residents' verdicts (answers.AnswerRating) received in the period.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Avg, Count, Min, Q, QuerySet
from django.utils import timezone

from otklik.analytics.report_period import Period
from otklik.answers.models import Answer, AnswerRating, Publication
from otklik.inbox.models import Message
from otklik.incidents.deadlines import city_calendar
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


@dataclass
class Handling:
    messages: int = 0
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_month: list[tuple[int, int]] = field(default_factory=list)  # (month, messages), a year
    incidents: int = 0
    topics: list[tuple[str, int]] = field(default_factory=list)
    first_reply: Timing = field(default_factory=Timing)
    final_answer: Timing = field(default_factory=Timing)
    first_on_time: OnTime = field(default_factory=OnTime)
    final_on_time: OnTime = field(default_factory=OnTime)
    ratings: Ratings = field(default_factory=Ratings)


def handling(period: Period) -> Handling:
    incidents = _incidents(period)
    found = Handling(
        messages=_messages(period).count(),
        by_channel=by_channel(period),
        by_month=by_month(period),
        incidents=len(incidents),
        topics=topics(period),
        ratings=ratings(period),
    )
    _timings(found, incidents, min(period.end, timezone.now()))
    return found


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
    for moment in _messages(period).values_list("created_at", flat=True).iterator():
        counts[timezone.localtime(moment).month] += 1
    return list(counts.items())


def topics(period: Period) -> list[tuple[str, int]]:
    rows = (
        Incident.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
        .values("category__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "category__name")[:TOP_TOPICS]
    )
    return [(r["category__name"] or NO_CATEGORY, r["n"]) for r in rows]


def ratings(period: Period) -> Ratings:
    found = AnswerRating.objects.filter(
        created_at__gte=period.start, created_at__lt=period.end
    ).aggregate(
        rated=Count("pk"),
        yes=Count("pk", filter=Q(solved=True)),
        no=Count("pk", filter=Q(solved=False)),
        mean=Avg("score"),
    )
    return Ratings(found["rated"], found["yes"], found["no"], found["mean"])


SENT = Q(
    answers__publications__kind=Publication.Kind.ANSWER,
    answers__publications__status=Publication.Status.SENT,
)
FINAL_SENT = SENT & Q(answers__kind=Answer.Kind.FINAL)


def _incidents(period: Period) -> list[dict]:
    return list(
        Incident.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
        .annotate(
            sent_at=Min("answers__publications__sent_at", filter=SENT),
            final_at=Min("answers__publications__sent_at", filter=FINAL_SENT),
        )
        .values(
            "created_at",
            "first_replied_at",
            "sent_at",
            "first_reply_due",
            "final_at",
            "final_answer_due",
        )
    )


def _timings(found: Handling, incidents: list[dict], cutoff: datetime) -> None:
    calendar = city_calendar()
    first, final = [], []
    for row in incidents:
        replied = row["first_replied_at"] or row["sent_at"]
        if replied:
            first.append(calendar.working_hours_between(row["created_at"], replied))
        if row["final_at"]:
            final.append(calendar.working_hours_between(row["created_at"], row["final_at"]))
        _count(found.first_on_time, replied, row["first_reply_due"], cutoff)
        _count(found.final_on_time, row["final_at"], row["final_answer_due"], cutoff)
    found.first_reply = Timing.of(first)
    found.final_answer = Timing.of(final)


def _count(on_time: OnTime, done: datetime | None, due: datetime | None, cutoff: datetime) -> None:
    if due is None or (done is None and due >= cutoff):
        return  # no clock, or still running
    on_time.due += 1
    if done is not None and done <= due:
        on_time.on_time += 1
