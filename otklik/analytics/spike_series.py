"""What the spike detector reads: hourly counts per category × territory, and the recent texts
that fit no category. A message's category is its incident's, else its confident suggestion's;
its territory its own, else its incident's, else its suggestion's."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
from django.db.models import Q
from django.utils import timezone

from otklik.analytics.spikes import TextItem
from otklik.analytics.spikes.baseline import cells_of, day_class
from otklik.inbox.models import Message
from otklik.incidents.deadlines import city_calendar

HOUR = timedelta(hours=1)
SeriesKey = tuple[int | None, int | None]  # (category id, territory id); category None: a topic


@dataclass(frozen=True)
class Grid:
    """Hours [start, end) in UTC, with each hour's cell (local day class × 24 + hour)."""

    start: datetime
    end: datetime
    cells: np.ndarray

    @property
    def hours(self) -> int:
        return len(self.cells)

    def index(self, moment: datetime) -> int:
        return int((moment - self.start) // HOUR)

    def moment(self, index: int) -> datetime:
        return self.start + index * HOUR


def hour_floor(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def make_grid(end: datetime, hours: int) -> Grid:
    start = end - hours * HOUR
    calendar = city_calendar()
    local = [timezone.localtime(start + i * HOUR) for i in range(hours)]
    classes: dict[date, int] = {}
    for moment in local:
        day = moment.date()
        if day not in classes:
            classes[day] = day_class(day.weekday(), calendar.is_working_day(day))
    days = np.array([classes[m.date()] for m in local])
    return Grid(start, end, cells_of(days, np.array([m.hour for m in local])))


def _category(
    incident_category: int | None, suggested: int | None, confident: bool | None
) -> int | None:
    return incident_category or (suggested if confident else None)


def rows(grid: Grid) -> Iterable[tuple[int, int, int | None, int | None]]:
    """(message id, hour index, category id, territory id) of every message in the grid."""
    found = Message.objects.filter(
        created_at__gte=grid.start, created_at__lt=grid.end, is_deleted=False
    ).values_list(
        "id",
        "created_at",
        "incident__category_id",
        "suggestion__category_id",
        "suggestion__confident",
        "territory_id",
        "incident__territory_id",
        "suggestion__territory_id",
    )
    for pk, at, inc_cat, sug_cat, confident, own, inc_terr, sug_terr in found.iterator(2000):
        category = _category(inc_cat, sug_cat, confident)
        yield pk, grid.index(at), category, own or inc_terr or sug_terr


def series_counts(grid: Grid, found: Iterable[tuple]) -> dict[SeriesKey, np.ndarray]:
    """Hourly counts of every categorised series seen in the grid."""
    indices: dict[SeriesKey, list[int]] = {}
    for _pk, index, category, territory in found:
        if category is not None:
            indices.setdefault((category, territory), []).append(index)
    return {
        key: np.bincount(np.array(at), minlength=grid.hours)[: grid.hours]
        for key, at in indices.items()
    }


def uncategorised_texts(end: datetime, hours: int, limit: int) -> list[TextItem]:
    """The last `limit` messages of the last `hours` with no category, newest first."""
    since = end - hours * HOUR
    qs = (
        Message.objects.filter(created_at__gte=since, created_at__lt=end, is_deleted=False)
        .filter(Q(incident__isnull=True) | Q(incident__category__isnull=True))
        .exclude(suggestion__confident=True, suggestion__category__isnull=False)
        .order_by("-created_at", "-id")
        .values_list("id", "text", "created_at")[:limit]
    )
    return [TextItem(pk, text, (end - at) / HOUR) for pk, text, at in qs]
