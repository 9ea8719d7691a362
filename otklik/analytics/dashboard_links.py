"""Drill-down links: each figure's list, in the inbox or the incidents, with its filters.

The inbox filters by source, territory, status and the day written (date_from, date_to); the
incidents list by state, department, territory and category, not by date, so an incident
figure opens the list of the same department, territory and category (the period aside).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from otklik.analytics.dashboard_filters import Filters


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


def incidents(f: Filters, state: str = "", **more: object) -> str:
    query: dict[str, object] = {"state": state}
    for name in ("department", "territory", "category"):
        value = getattr(f, name)
        if value is not None:
            query[name] = value.pk
    query.update({k: v for k, v in more.items() if v is not None})
    return "/incidents/?" + urlencode(query)
