"""The map of incidents (/analytics/map/): the page, with its no-JS table and schematic, and
its data as GeoJSON (/analytics/map/data.json)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from otklik.accounts.models import User
from otklik.accounts.permissions import require
from otklik.analytics.map_data import cached_build
from otklik.analytics.map_filters import MapFilterForm
from otklik.analytics.map_schematic import boxes, tree_order

# As json_script does: no "<", ">" or "&" in the body, whatever a territory is called.
JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def can_see_map(user: User) -> bool:
    """Press service, analysts, administrators; an executor with a department (their own
    department's incidents only, through scope_incidents)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return not user.is_executor or user.department_id is not None


def _form(request: HttpRequest) -> tuple[MapFilterForm, dict[str, Any]]:
    form = MapFilterForm(request.GET or None, user=request.user)
    return form, form.filters(request.user)


@require(can_see_map)
def map_page(request: HttpRequest) -> HttpResponse:
    form, filters = _form(request)
    data = cached_build(request.user, filters)
    props = [feature["properties"] for feature in data["territories"]["features"]]
    drawing, width, height = boxes(props)
    query = request.GET.urlencode()
    context = {
        "form": form,
        "filters": filters,
        "data": data,
        "rows": tree_order(props),
        "boxes": drawing,
        "svg_width": width,
        "svg_height": height,
        "has_outlines": any(p["outlined"] for p in props),
        "data_url": reverse("analytics-map-data") + (f"?{query}" if query else ""),
        "tiles_url": settings.MAP_TILES_URL,
        "center": settings.CITY.center,
    }
    return render(request, "analytics/map.html", context)


@require(can_see_map)
def map_data(request: HttpRequest) -> HttpResponse:
    form, filters = _form(request)
    if form.is_bound and form.errors:
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    body = json.dumps(cached_build(request.user, filters), ensure_ascii=False).translate(
        JSON_ESCAPES
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Cache-Control"] = "private, max-age=60"
    return response
