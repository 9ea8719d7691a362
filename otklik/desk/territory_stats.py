"""The read side of the territory view: a territory's incidents, meetings, instructions, posts,
polls and initiatives, and the trend of its complaints. Scoped by accounts.permissions (an
executor sees his department's incidents and instructions only); a constant number of queries."""

from __future__ import annotations

import importlib.util
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone

from otklik.accounts.models import User
from otklik.accounts.permissions import scope_incidents, scope_messages
from otklik.cities.models import Territory
from otklik.inbox.models import Message
from otklik.incidents.models import Incident
from otklik.incidents.states import OPEN_STATUSES
from otklik.meetings.models import Instruction, Meeting
from otklik.meetings.permissions import can_see_meetings, scope_instructions
from otklik.plan.models import Post

WEEKS = 26
LIST_SIZE = 50


def can_see_territories(user: User) -> bool:
    """Staff who see incidents: all but an executor without a department."""
    if not (user.is_authenticated and user.is_active):
        return False
    return not user.is_executor or user.department_id is not None


def territory_counts(user: User) -> list[dict[str, Any]]:
    """Every territory with its open and overdue incidents (as `user` may see them)."""
    now = timezone.now()
    open_q = Q(status__in=OPEN_STATUSES)
    rows = (
        scope_incidents(user, Incident.objects.filter(territory__isnull=False))
        .order_by()
        .values("territory_id")
        .annotate(
            open=Count("id", filter=open_q),
            overdue=Count("id", filter=open_q & Q(final_answer_due__lt=now)),
        )
    )
    counts = {row["territory_id"]: row for row in rows}
    out = []
    for territory in Territory.objects.order_by("name"):
        found = counts.get(territory.pk, {})
        out.append(
            {
                "territory": territory,
                "open": found.get("open", 0),
                "overdue": found.get("overdue", 0),
            }
        )
    return out


def open_incidents(user: User, territory: Territory) -> QuerySet[Incident]:
    qs = Incident.objects.filter(territory=territory, status__in=OPEN_STATUSES)
    return (
        scope_incidents(user, qs)
        .select_related("category", "department", "assignee")
        .order_by("final_answer_due", "id")
    )


def incident_counts(user: User, territory: Territory) -> dict[str, int]:
    """Open and overdue incidents of the territory, in one query."""
    open_q = Q(status__in=OPEN_STATUSES)
    return scope_incidents(user, Incident.objects.filter(territory=territory)).aggregate(
        open=Count("id", filter=open_q),
        overdue=Count("id", filter=open_q & Q(final_answer_due__lt=timezone.now())),
    )


def meetings(user: User, territory: Territory) -> list[Meeting] | None:
    """None where the user may not see meetings (executors)."""
    if not can_see_meetings(user):
        return None
    return list(Meeting.objects.filter(territory=territory).order_by("-starts_at", "-id")[:20])


def instructions(user: User, territory: Territory) -> list[Instruction]:
    qs = scope_instructions(user, Instruction.objects.filter(meeting__territory=territory))
    return list(qs.select_related("department", "meeting").order_by("deadline", "id")[:LIST_SIZE])


def posts(user: User, territory: Territory) -> list[Post] | None:
    """The plan's posts whose campaign targets the territory; not for executors."""
    if user.is_executor:
        return None
    qs = Post.objects.filter(campaign__territories=territory).select_related("campaign")
    return list(qs.distinct().order_by("-publish_at", "-id")[:20])


def polls_and_initiatives(territory: Territory) -> dict[str, list[Any]] | None:
    """From the polls app's models when it has them (imported here, lazily); None otherwise."""
    if importlib.util.find_spec("otklik.polls.models") is None:
        return None
    from otklik.polls.models import Initiative, Poll

    return {
        "polls": list(Poll.objects.filter(territory=territory).order_by("-starts_at", "-id")[:10]),
        "initiatives": list(Initiative.objects.filter(territory=territory).order_by("-id")[:10]),
    }


def week_start(now: datetime) -> datetime:
    local = timezone.localtime(now)
    monday = local - timedelta(days=local.weekday())
    return monday.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(weeks=WEEKS - 1)


def _weekly(qs: QuerySet[Any], field: str) -> dict[str, int]:
    rows = (
        qs.annotate(week=TruncWeek(field, tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("week")
        .annotate(n=Count("id"))
    )
    return {timezone.localtime(r["week"]).date().isoformat(): r["n"] for r in rows}


def trend(user: User, territory: Territory) -> list[dict[str, Any]]:
    """Messages and new incidents a week over the last 26 weeks, oldest first."""
    start = week_start(timezone.now())
    messages = Message.objects.annotate(
        place=Coalesce("territory_id", "incident__territory_id")
    ).filter(place=territory.pk, created_at__gte=start)
    incidents = Incident.objects.filter(territory=territory, created_at__gte=start)
    by_message = _weekly(scope_messages(user, messages), "created_at")
    by_incident = _weekly(scope_incidents(user, incidents), "created_at")
    weeks = []
    for n in range(WEEKS):
        day = (start + timedelta(weeks=n)).date()
        key = day.isoformat()
        weeks.append(
            {
                "label": day.strftime("%d.%m"),
                "messages": by_message.get(key, 0),
                "incidents": by_incident.get(key, 0),
            }
        )
    return weeks
