"""One incident's fact row for the dashboards: its days, its dimensions and its working-hour
durations. Read-only: otklik.analytics.actions.rollups stores what this builds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Sum
from django.utils import timezone

from otklik.analytics.buckets import bucket_of
from otklik.analytics.models import IncidentFact
from otklik.analytics.workclock import WorkClock
from otklik.answers.models import Answer, AnswerRating
from otklik.incidents.models import Incident
from otklik.incidents.states import NOT_ANSWERED, OPEN_STATUSES, Status

FIELDS = (
    "id",
    "status",
    "resolution",
    "category_id",
    "department_id",
    "territory_id",
    "created_at",
    "closed_at",
    "first_replied_at",
    "reopened_at",
    "first_reply_due",
    "final_answer_due",
)


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def day_window(day: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.combine(day, time(), tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)


@dataclass
class Extras:
    """What other tables add: published intermediate answers and the residents' scores."""

    intermediate: set[int] = field(default_factory=set)
    ratings: dict[int, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def load(cls, ids: Iterable[int]) -> Extras:
        ids = list(ids)
        intermediate = Answer.objects.filter(
            incident_id__in=ids, kind=Answer.Kind.INTERMEDIATE, status=Answer.Status.PUBLISHED
        ).values_list("incident_id", flat=True)
        scores = (
            AnswerRating.objects.filter(incident_id__in=ids, score__isnull=False)
            .values("incident_id")
            .annotate(total=Sum("score"), n=Count("id"))
        )
        return cls(set(intermediate), {r["incident_id"]: (r["total"], r["n"]) for r in scores})


def build_fact(row: Incident, clock: WorkClock, extras: Extras, now: datetime) -> IncidentFact:
    closed = row.status == Status.CLOSED and row.closed_at is not None
    answered = closed and row.resolution not in NOT_ANSWERED
    first = _first_reply_hours(row, clock)
    final = clock.hours(row.created_at, row.closed_at) if answered and row.closed_at else None
    rating_sum, rating_count = extras.ratings.get(row.pk, (0, 0))
    return IncidentFact(
        incident_id=row.pk,
        opened_day=local_day(row.created_at),
        closed_day=local_day(row.closed_at) if closed and row.closed_at else None,
        category_id=row.category_id,
        department_id=row.department_id,
        territory_id=row.territory_id,
        resolved=answered,
        first_reply_hours=first,
        final_hours=final,
        first_bucket=None if first is None else bucket_of(first),
        final_bucket=None if final is None else bucket_of(final),
        overdue=is_overdue(row, closed, now),
        intermediate=row.pk in extras.intermediate,
        reopened=row.reopened_at is not None,
        still_open=row.status in OPEN_STATUSES,
        rating_sum=rating_sum,
        rating_count=rating_count,
    )


def _first_reply_hours(row: Incident, clock: WorkClock) -> float | None:
    if row.first_replied_at is None:
        return None
    return clock.hours(row.reopened_at or row.created_at, row.first_replied_at)


def is_overdue(row: Incident, closed: bool, now: datetime) -> bool:
    """A clock ran out: the final answer came (or is still not there) after its deadline, or
    the first reply did. A closed incident's missing first reply counts at its closing."""
    done = row.closed_at if closed and row.closed_at else now
    final_late = row.final_answer_due is not None and done > row.final_answer_due
    replied = row.first_replied_at or (done if closed else now)
    first_late = row.first_reply_due is not None and replied > row.first_reply_due
    return final_late or first_late
