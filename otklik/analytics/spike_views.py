"""«Всплески обращений»: the list of spikes and a spike's card with its buttons."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from otklik.accounts.models import User
from otklik.accounts.permissions import require
from otklik.analytics.actions.spikes import can_decide, can_see_spikes, decide_spike
from otklik.analytics.models import Spike
from otklik.analytics.spike_chart import chart_rows, spike_chart

PAGE_SIZE = 50
DECISIONS = {"acknowledge": Spike.State.ACKNOWLEDGED, "dismiss": Spike.State.DISMISSED}


@require(can_see_spikes)
def spike_list(request: HttpRequest) -> HttpResponse:
    qs = Spike.objects.select_related("category", "territory")
    state = request.GET.get("state", "")
    if state in Spike.State.values:
        qs = qs.filter(state=state)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "state": state, "states": Spike.State.choices}
    return render(request, "analytics/spike_list.html", context)


@require(can_see_spikes)
def spike_detail(request: HttpRequest, pk: int) -> HttpResponse:
    spike = get_object_or_404(
        Spike.objects.select_related("category", "territory", "post", "decided_by"), pk=pk
    )
    messages = spike.messages.select_related("source", "incident").order_by("created_at", "id")
    user: User = request.user  # type: ignore[assignment]
    context = {
        "spike": spike,
        "messages": messages,
        "chart": spike_chart(spike.chart, spike.window_start, spike.window_end),
        "chart_rows": chart_rows(spike.chart),
        "can_decide": can_decide(user),
    }
    return render(request, "analytics/spike_detail.html", context)


@require_POST
@require(can_decide)
def spike_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    spike = get_object_or_404(Spike, pk=pk)
    if decision not in DECISIONS:
        return redirect("spike-detail", pk=pk)
    decide_spike(request.user, spike, DECISIONS[decision])  # type: ignore[arg-type]
    flash.success(request, f"Всплеск отмечен: «{spike.get_state_display()}»")
    return redirect("spike-detail", pk=pk)
