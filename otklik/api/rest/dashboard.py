"""/api/v1/dashboard/: the analytics dashboard's aggregate figures, read from its rollups
through otklik.analytics (the same functions as the /analytics/ page, the same rights: an
executor gets only their department's incident figures, and no message figures)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from otklik.accounts.models import User
from otklik.analytics import dashboard_figures as figures
from otklik.analytics.dashboard_filters import DEFAULT_DAYS, MAX_DAYS, Filters
from otklik.analytics.dashboard_views import can_see_dashboard
from otklik.api.rest.auth import user_of
from otklik.api.rest.errors import errors
from otklik.api.rest.inputs import DateFrom, DateTo, OptionalId, choice, day_start
from otklik.cities.models import Category, Department, Territory
from otklik.sources.models import Source

router = Router(tags=["Аналитика"])


class Metrics(Schema):
    """ЦУР-показатели: длительности — в рабочих часах, доли — от 0 до 1."""

    opened: int
    resolved: int
    first_median: float | None = None
    first_mean: float | None = None
    final_median: float | None = None
    final_mean: float | None = None
    overdue_share: float | None = None
    intermediate_share: float | None = None
    reopened_share: float | None = None
    rating: float | None = None
    rating_count: int


class DepartmentMetrics(Metrics):
    place: int
    name: str


class Count(Schema):
    label: str
    count: int


class MessageFigures(Schema):
    total: int
    before: int
    by_source: list[Count]
    by_category: list[Count]
    by_territory: list[Count]


class Dashboard(Schema):
    date_from: date
    date_to: date
    incidents: Metrics
    incidents_before: Metrics
    departments: list[DepartmentMetrics]
    backlog: list[Count]
    messages: MessageFigures | None = None


def _filters(
    user: User,
    date_from: date | None,
    date_to: date | None,
    territory: int | None,
    category: int | None,
    department: int | None,
    channel: str,
) -> Filters:
    end = date_to or timezone.localdate()
    end = day_start(end).date()  # clamped to the years the rollups can hold
    start = day_start(date_from).date() if date_from else end - timedelta(days=DEFAULT_DAYS - 1)
    start = max(min(start, end), end - timedelta(days=MAX_DAYS))
    chosen = Department.objects.filter(pk=department).first() if department else None
    return Filters(
        start=start,
        end=end,
        territory=Territory.objects.filter(pk=territory).first() if territory else None,
        category=Category.objects.filter(pk=category).first() if category else None,
        department=user.department if user.is_executor else chosen,
        channel=channel,
    )


def _counts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"label": r["label"], "count": r["count"]} for r in rows]


def _messages(f: Filters) -> dict[str, Any]:
    total = sum(r["count"] or 0 for r in figures.sums(figures.message_rows(f), ("count",)))
    before = figures.sums(figures.message_rows(f.previous()), ("count",))
    parts = figures.message_breakdowns(f)
    return {
        "total": total,
        "before": sum(r["count"] or 0 for r in before),
        "by_source": _counts(parts["source"]),
        "by_category": _counts(parts["category"]),
        "by_territory": _counts(parts["territory"]),
    }


@router.get("/", response={200: Dashboard, **errors(403)}, summary="Показатели панели")
def dashboard(
    request: HttpRequest,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    territory: OptionalId = None,
    category: OptionalId = None,
    department: OptionalId = None,
    channel: choice(Source.Kind) | None = None,
) -> dict[str, Any]:
    """За период (по умолчанию — 28 дней по сегодня, не больше трёх лет): показатели города и
    прошлого такого же периода, рейтинг подразделений, открытые инциденты по возрасту, сообщения
    по каналам, темам и территориям."""
    user = user_of(request)
    if not can_see_dashboard(user):
        raise PermissionDenied("Аналитику видят сотрудники с подразделением или пресс-служба")
    f = _filters(user, date_from, date_to, territory, category, department, channel or "")
    city, per = figures.metrics_by_department(f)
    return {
        "date_from": f.start,
        "date_to": f.end,
        "incidents": city.as_dict(),
        "incidents_before": figures.city_metrics(f.previous()),
        "departments": [
            {k: v for k, v in row.items() if k != "link"} for row in figures.ranking(f, per)
        ],
        "backlog": _counts(figures.backlog(f, user)),
        "messages": None if user.is_executor else _messages(f),
    }
