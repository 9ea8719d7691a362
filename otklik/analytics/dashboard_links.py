"""Drill-down links: each figure's list, in the inbox or the incidents, with its filters.

The inbox filters by source, territory, status and the day written (date_from, date_to). The
incidents list filters by state, department, territory and category and by two periods, both
city days with the ends included: the day created (opened_from, opened_to) and the day closed
(closed_from, closed_to). A figure counted by the day an incident was opened (opened, first
reply, overdue, by category) drills down with `by=OPENED`; one counted by the day it was closed
(resolved, final answer, ratings) with `by=CLOSED`; a figure of now (the backlog) with
`by=None`, no period.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from otklik.analytics.dashboard_filters import Filters

OPENED, CLOSED = "opened", "closed"


def inbox(f: Filters, *, start: date | None = None, end: date | None = None, **more: object) -> str:
    query: dict[str, object] = {
        "status": "",
        "date_from": (start or f.start).isoformat(),
        "date_to": (end or f.end).isoformat(),
    }
    if f.territory:
        query["territory"] = f.territory.pk
    query.update({k: v for k, v in more.items() if v is not None})
    return "/inbox/?" + urlencode(query)


def incidents(
    f: Filters,
    state: str = "",
    *,
    by: str | None = OPENED,
    start: date | None = None,
    end: date | None = None,
    **more: object,
) -> str:
    """The incidents list of the figure's department, territory and category, over the
    period (or start…end) by the day opened or closed."""
    query: dict[str, object] = {"state": state}
    for name in ("department", "territory", "category"):
        value = getattr(f, name)
        if value is not None:
            query[name] = value.pk
    if by is not None:
        query[f"{by}_from"] = (start or f.start).isoformat()
        query[f"{by}_to"] = (end or f.end).isoformat()
    query.update({k: v for k, v in more.items() if v is not None})
    return "/incidents/?" + urlencode(query)
