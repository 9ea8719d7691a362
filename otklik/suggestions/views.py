"""Model versions side by side, switching (rollback) and the auto-routing switch."""

from __future__ import annotations

from django.contrib import messages as flash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from otklik.accounts.models import User
from otklik.accounts.permissions import can_see_inbox, require
from otklik.suggestions import actions
from otklik.suggestions.models import Correction, ModelVersion, TriageSettings

HEADS = ("category_group", "category", "department", "actionable", "sentiment", "toxicity")
FIGURES = ("accuracy", "macro_f1", "top3", "coverage", "accuracy_when_confident")


def _is_admin(user: User) -> bool:
    return user.is_authenticated and user.is_admin


@require(can_see_inbox)
def model_versions(request: HttpRequest) -> HttpResponse:
    versions = list(ModelVersion.objects.all()[:20])
    rows = [
        {
            "version": v,
            "heads": [(h, [(v.holdout.get(h) or {}).get(f) for f in FIGURES]) for h in HEADS],
        }
        for v in versions
    ]
    context = {
        "rows": rows,
        "heads": HEADS,
        "figures": FIGURES,
        "settings": TriageSettings.current(),
        "corrections": Correction.objects.count(),
        "recent_corrections": Correction.objects.select_related("message", "user")[:20],
    }
    return render(request, "suggestions/models.html", context)


@require_POST
@require(_is_admin)
def activate(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(ModelVersion, pk=pk)
    actions.activate(request.user, version)
    flash.success(request, f"Активна версия {version.version}")
    return redirect("model-versions")


@require_POST
@require(_is_admin)
def toggle_auto_route(request: HttpRequest) -> HttpResponse:
    current = actions.set_auto_route(request.user, request.POST.get("auto_route") == "on")
    state = "включена" if current.auto_route else "выключена"
    flash.success(request, f"Автоматическая маршрутизация {state}")
    return redirect("model-versions")
