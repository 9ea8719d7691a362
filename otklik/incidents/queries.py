"""The incidents' read side: scoped, filtered lists without N+1 queries."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from otklik.accounts.models import User
from otklik.accounts.permissions import scope_incidents
from otklik.inbox.models import Message
from otklik.incidents.models import Incident
from otklik.incidents.states import NOT_ANSWERED, OPEN_STATUSES, Status

#: The list's date filters: (the first day's field, the last day's field, the model's column).
DATE_RANGES = (
    ("opened_from", "opened_to", "created_at"),
    ("closed_from", "closed_to", "closed_at"),
)


def midnight(day: date) -> datetime:
    """The start of a city day, aware (the default time zone is the city's)."""
    return datetime.combine(day, time(), tzinfo=timezone.get_default_timezone())


def date_ranges(filters: dict[str, Any]) -> Q:
    """Days, both ends included, as a half-open range on the indexed datetime:
    created_at >= the first day's midnight and < the midnight after the last day."""
    q = Q()
    for first, last, column in DATE_RANGES:
        if filters.get(first):
            q &= Q(**{f"{column}__gte": midnight(filters[first])})
        if filters.get(last):
            q &= Q(**{f"{column}__lt": midnight(filters[last] + timedelta(days=1))})
    return q


def late_q(now: datetime) -> Q:
    """Overdue as the dashboards count it (otklik.analytics.facts.is_overdue): the final answer
    came, or is still not there, after its deadline, or the first reply did. For a period's
    drill-down (state=late with opened_from/opened_to); state=overdue is the open ones now."""
    closed = Q(status=Status.CLOSED, closed_at__isnull=False)
    done = Case(When(closed, then=F("closed_at")), default=Value(now))
    replied = Coalesce(F("first_replied_at"), done)
    return Q(final_answer_due__lt=done) | Q(first_reply_due__lt=replied)


def report_count() -> Coalesce:
    """Reports per incident as a correlated subquery: counted for the page's rows only, where
    a join and GROUP BY would count every incident before the page is cut."""
    reports = (
        Message.objects.filter(incident=OuterRef("pk"))
        .order_by()
        .values("incident")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(reports, output_field=IntegerField()), 0)


def incident_queryset(user: User, filters: dict[str, Any]) -> QuerySet[Incident]:
    """The list with its text search (`q`) among the filters."""
    search = incident_search(filters)
    qs = listed_incidents(user, filters)
    return qs if search is None else qs.filter(search)


def incident_search(filters: dict[str, Any]) -> Q | None:
    """The text search: the title or the address contains `q`, or `q` is the number.
    PostgreSQL finds it through trigram indexes (incidents 0008, and 0009 for open ones)."""
    q = filters.get("q")
    if not q:
        return None
    number = Q(pk=int(q)) if q.isdigit() else Q(pk=0)
    return Q(title__icontains=q) | Q(address_text__icontains=q) | number


def listed_incidents(user: User, filters: dict[str, Any]) -> QuerySet[Incident]:
    """The list without its text search (keyset.paginate finds that apart: `search=`)."""
    qs = scope_incidents(user, Incident.objects.all())
    state = filters.get("state", "open")
    if state == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif state == "overdue":
        qs = qs.filter(status__in=OPEN_STATUSES, final_answer_due__lt=timezone.now())
    elif state == "late":
        qs = qs.filter(late_q(timezone.now()))
    elif state == "resolved":  # closed with an answer on the merits, as the dashboards count
        qs = qs.filter(status=Status.CLOSED).exclude(resolution__in=NOT_ANSWERED)
    elif state:
        qs = qs.filter(status=state)
    qs = qs.filter(date_ranges(filters))
    for name in ("department", "territory", "priority"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("category"):
        category = filters["category"]
        qs = qs.filter(Q(category=category) | Q(category__parent=category))
    # Overdue ones by lateness, the most overdue first; the others newest first.
    order = ("final_answer_due", "id") if state == "overdue" else ("-created_at", "-id")
    return (
        qs.select_related("category", "category__parent", "department", "territory", "assignee")
        .annotate(report_count=report_count())
        .order_by(*order)
    )


def incident_by_number(user: User, number: str) -> Incident | None:
    """The incident a user typed the number of, if it is one they may see."""
    if not number.strip().isdigit():
        return None
    return scope_incidents(user, Incident.objects.all()).filter(pk=int(number)).first()
