"""The map's counts per territory from the rollups, and its points from a bounded sample.

Counts: the incidents registered in the period (or those of them still open, for the «все
открытые» status) summed from the rollups: the territories' coarse rows
(otklik.analytics.models.slices) without a category or department filter, else the daily rows.
A single other status (new, in work, closed …) is not in the rollups: those counts group the
period's incidents as before. Like the dashboard, the counts follow the worker's rollups (a
minute or so behind the incidents).

Points: the addresses of the period's latest POINTS incidents (by the creation index), not of
all of them; `points_sampled` says when the period had more.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import F, Q, QuerySet, Subquery, Sum

from otklik.accounts.models import User
from otklik.analytics.dashboard_slices import span_q
from otklik.analytics.map_filters import OPEN
from otklik.analytics.models import DailyIncidents, Dim, SliceIncidents
from otklik.cities.models import Category, Department
from otklik.incidents.models import Incident

POINTS = 5_000


def rollup_counts(
    user: User, filters: dict[str, Any], within: set[int] | None
) -> dict[int | None, int] | None:
    """{territory id (None: none): incidents}, or None when the status is not in the rollups."""
    status = filters.get("status") or ""
    if status not in ("", OPEN):
        return None
    value = "still_open" if status == OPEN else "opened"
    start, end = filters["date_from"], filters["date_to"]
    dims = _dims(user, filters)
    if dims == Q():
        rows = SliceIncidents.objects.filter(span_q(start, end), dim=Dim.TERRITORY)
        rows = rows.filter(key__in=within) if within is not None else rows
        found = rows.values(place=F("key"))
    else:
        rows = DailyIncidents.objects.filter(dims, day__gte=start, day__lte=end)
        rows = rows.filter(territory_id__in=within) if within is not None else rows
        found = rows.values(place=F("territory_id"))
    counts = found.annotate(n=Sum(value)).order_by()
    return {row["place"]: row["n"] for row in counts if row["n"]}


def _dims(user: User, filters: dict[str, Any]) -> Q:
    """The category (with its topics) and department (with those under it; an executor's
    own) filters on the daily rows."""
    q = Q()
    if filters.get("category"):
        category = filters["category"]
        topics = Category.objects.filter(parent=category).values("pk")
        q &= Q(category=category) | Q(category_id__in=Subquery(topics))
    if filters.get("department"):
        department = filters["department"]
        under = Department.objects.filter(parent=department).values("pk")
        q &= Q(department=department) | Q(department_id__in=Subquery(under))
    if user.is_executor:
        q &= Q(department_id=user.department_id)
    return q


def point_groups(incidents: QuerySet[Incident]) -> tuple[list[dict[str, Any]], bool]:
    """(address, territory, n) of the latest POINTS incidents; whether there were more."""
    latest = list(
        incidents.order_by("-created_at").values_list("address_text", "territory_id")[: POINTS + 1]
    )
    counts = Counter(latest[:POINTS])
    groups = [
        {"address_text": address, "territory_id": territory, "n": n}
        for (address, territory), n in counts.items()
    ]
    return groups, len(latest) > POINTS
