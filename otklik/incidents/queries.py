"""The incidents' read side: scoped, filtered lists without N+1 queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from otklik.accounts.models import User
from otklik.accounts.permissions import scope_incidents
from otklik.incidents.models import Incident
from otklik.incidents.states import OPEN_STATUSES


def incident_queryset(user: User, filters: dict[str, Any]) -> QuerySet[Incident]:
    qs = scope_incidents(user, Incident.objects.all())
    state = filters.get("state", "open")
    if state == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif state == "overdue":
        qs = qs.filter(status__in=OPEN_STATUSES, final_answer_due__lt=timezone.now())
    elif state:
        qs = qs.filter(status=state)
    for name in ("department", "territory", "priority"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("category"):
        category = filters["category"]
        qs = qs.filter(Q(category=category) | Q(category__parent=category))
    if filters.get("q"):
        q = filters["q"]
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(address_text__icontains=q)
            | Q(pk=int(q) if q.isdigit() else 0)
        )
    # Overdue ones by lateness, the most overdue first; the others newest first.
    order = ("final_answer_due", "id") if state == "overdue" else ("-created_at", "-id")
    return (
        qs.select_related("category", "category__parent", "department", "territory", "assignee")
        .annotate(report_count=Count("messages"))
        .order_by(*order)
    )
