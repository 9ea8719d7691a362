"""Read-only querysets of the polls' and initiatives' pages (public and staff)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from otklik.cities.models import Territory
from otklik.polls.models import Initiative, Poll, PollOption
from otklik.polls.results import totals

PUBLIC_STATES = (Poll.State.OPEN, Poll.State.CLOSED)


def with_options(qs: QuerySet[Poll]) -> QuerySet[Poll]:
    return qs.select_related("territory").prefetch_related(
        Prefetch("options", queryset=PollOption.objects.order_by("position"))
    )


def public_polls(territory: Territory | None = None) -> QuerySet[Poll]:
    """Polls residents may see: open (begun) and closed ones; a territory's and the city's."""
    qs = Poll.objects.filter(state__in=PUBLIC_STATES, starts_at__lte=timezone.now())
    if territory is not None:
        qs = qs.filter(Q(territory=territory) | Q(territory__isnull=True))
    return with_options(qs)


def open_and_closed(territory: Territory | None = None, closed: int = 20) -> dict[str, list]:
    """The open polls and the latest closed ones, each with its options' totals: 4 queries."""
    polls = public_polls(territory)
    running = list(polls.filter(state=Poll.State.OPEN).order_by("ends_at", "id"))
    ended = list(polls.filter(state=Poll.State.CLOSED).order_by("-ends_at", "-id")[:closed])
    counts = totals(running + ended)
    return {"open": summaries(running, counts), "closed": summaries(ended, counts)}


def summaries(polls: list[Poll], counts: dict[int, dict[int, int]]) -> list[dict[str, object]]:
    """Per poll: the poll, its total and each option's count and share (no personal data)."""
    found = []
    for poll in polls:
        votes = counts.get(poll.pk, {})
        total = sum(votes.values())
        rows = [
            {
                "text": option.text,
                "count": votes.get(option.pk, 0),
                "percent": round(100 * votes.get(option.pk, 0) / (total or 1), 1),
            }
            for option in poll.options.all()
        ]
        found.append({"poll": poll, "total": total, "rows": rows})
    return found


def initiatives(territory: Territory | None = None, state: str = "") -> QuerySet[Initiative]:
    qs = Initiative.objects.select_related("territory").annotate(support_count=Count("supports"))
    if territory is not None:
        qs = qs.filter(territory=territory)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at", "-id")
