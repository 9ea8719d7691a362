"""The public page /open/: what the city did with residents' messages. No login, no personal
data, cached (otklik.public.open_page); the views only pick the cached data and render it."""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from otklik.public import open_page

PUBLIC_SECONDS = 300


@require_safe
def city(request: HttpRequest) -> HttpResponse:
    return render(request, "public/open.html", open_page.page())


@require_safe
def territory(request: HttpRequest, code: str) -> HttpResponse:
    context = open_page.page(code)
    if context is None:
        raise Http404("Нет такой территории")
    return render(request, "public/open.html", context)


@require_safe
def data_json(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(open_page.data(), json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=PUBLIC_SECONDS)
    return response


@require_safe
def data_csv(request: HttpRequest) -> HttpResponse:
    """One row a territory, category and month; the source and the licence in every row, so a
    copy of any part of the file still names them."""
    data = open_page.data()
    out = io.StringIO()
    out.write("\ufeff")  # the byte order mark: spreadsheets then read the Cyrillic right
    writer = csv.DictWriter(out, fieldnames=[*data["fields"], "source", "licence"])
    writer.writeheader()
    tail = {
        "source": data["source"],
        "licence": f"{data['licence']['name']} {data['licence']['url']}",
    }
    for row in data["rows"]:
        writer.writerow({**row, **tail})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="otklik-open-data.csv"'
    patch_cache_control(response, public=True, max_age=PUBLIC_SECONDS)
    return response
