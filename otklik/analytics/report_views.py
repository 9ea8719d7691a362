"""The report pages: /analytics/reports/ (choose a period and format, recent periods) and
/analytics/reports/<period>/ (the figures, the narrative form, the files). The press service,
analysts and administrators see them; only the press service writes the narrative."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from otklik.accounts.models import User
from otklik.accounts.permissions import require
from otklik.analytics.actions.reports import can_edit_narrative, save_narrative
from otklik.analytics.report_charts import report_chart_specs
from otklik.analytics.report_figures import report_figures
from otklik.analytics.report_forms import NarrativeForm, PeriodForm
from otklik.analytics.report_period import Period, PeriodError, parse_period, recent_periods
from otklik.analytics.reports.build import FORMATS, build_report, file_name


def can_see_reports(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and not user.is_executor)


def period_url(key: str) -> str:
    return f"/analytics/reports/{key}/"


@require(can_see_reports)
def report_index(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    if form.is_valid():
        key, fmt = form.cleaned_data["period"], form.cleaned_data["format"]
        return redirect(f"{period_url(key)}?format={fmt}")
    periods = [(p, period_url(p.key)) for p in recent_periods(timezone.localdate())]
    return render(request, "analytics/report_index.html", {"form": form, "periods": periods})


def _period(key: str) -> Period:
    try:
        return parse_period(key)
    except PeriodError as exc:
        raise Http404(str(exc)) from None


@require(can_see_reports)
def report_detail(request: HttpRequest, period: str) -> HttpResponse:
    found = _period(period)
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        return _download(found, fmt)
    editable = can_edit_narrative(request.user)  # type: ignore[arg-type]
    figures = report_figures(found)
    form = NarrativeForm(initial=figures.narrative)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = NarrativeForm(request.POST)
        if form.is_valid():
            save_narrative(request.user, found, form.cleaned_data)  # type: ignore[arg-type]
            messages.success(request, "Тексты отчёта сохранены")
            return redirect(period_url(found.key))
    charts = report_chart_specs(figures)
    context = {
        "figures": figures,
        "form": form,
        "editable": editable,
        "period": found,
        "charts": charts,
        "charted": {spec["id"] for spec in charts},
    }
    return render(request, "analytics/report_detail.html", context)


def _download(period: Period, fmt: str) -> HttpResponse:
    response = HttpResponse(build_report(period, fmt), content_type=FORMATS[fmt][1])
    response["Content-Disposition"] = f'attachment; filename="{file_name(period, fmt)}"'
    return response
