"""/analytics/: the dashboards and the regional rating's metrics, and their charts as JSON."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from otklik.accounts.models import User
from otklik.accounts.permissions import require
from otklik.analytics.dashboard_context import build
from otklik.analytics.dashboard_filters import DashboardFilterForm, read_filters


def can_see_dashboard(user: User) -> bool:
    """Analysts, the press service, administrators; an executor only with a department (they
    see its figures alone)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return not user.is_executor or user.department_id is not None


def _read(request: HttpRequest) -> tuple[DashboardFilterForm, dict[str, Any], Any]:
    user: User = request.user  # type: ignore[assignment]
    form = DashboardFilterForm(request.GET or None, user=user)
    filters = read_filters(form, user)
    return form, build(filters, user), filters


@require(can_see_dashboard)
def dashboard(request: HttpRequest) -> HttpResponse:
    form, data, filters = _read(request)
    context = {"form": form, "f": filters, **data, "query": request.GET.urlencode()}
    return render(request, "analytics/dashboard.html", context)


@require(can_see_dashboard)
def dashboard_data(request: HttpRequest) -> JsonResponse:
    _, data, _ = _read(request)
    return JsonResponse({"charts": data["charts"]})
