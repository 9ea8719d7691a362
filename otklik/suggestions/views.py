"""Model versions side by side, switching (rollback) and the auto-routing switch."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from otklik.accounts.models import User
from otklik.accounts.permissions import can_see_inbox, require
from otklik.cities.models import Category, Department, Territory
from otklik.incidents.states import Priority
from otklik.suggestions import actions
from otklik.suggestions.accepted import FIELDS, LABELS, Week, accepted_by_week, totals
from otklik.suggestions.models import FIELD_LABELS, Correction, ModelVersion, TriageSettings

HEADS = ("category_group", "category", "department", "actionable", "sentiment", "toxicity")
FIGURES = ("accuracy", "macro_f1", "top3", "coverage", "accuracy_when_confident")
FIGURE_LABELS = {
    "accuracy": "точность",
    "macro_f1": "F1",
    "top3": "в тройке",
    "coverage": "охват",
    "accuracy_when_confident": "точность уверенных",
}
# The list shows these two of each head; the rest are in the version's details.
SHOWN = ("accuracy", "macro_f1")


def _is_admin(user: User) -> bool:
    return user.is_authenticated and user.is_admin


@require(can_see_inbox)
def model_versions(request: HttpRequest) -> HttpResponse:
    versions = list(ModelVersion.objects.all()[:20])
    heads = [(h, FIELD_LABELS[h]) for h in HEADS]
    rows = [
        {
            "version": v,
            "shown": [[(v.holdout.get(h) or {}).get(f) for f in SHOWN] for h in HEADS],
            "details": [
                (label, [(v.holdout.get(h) or {}).get(f) for f in FIGURES]) for h, label in heads
            ],
        }
        for v in versions
    ]
    accepted = accepted_by_week(ACCEPTED_WEEKS)
    recent = list(Correction.objects.select_related("message", "user")[:20])
    context = {
        "rows": rows,
        "heads": heads,
        "figures": [FIGURE_LABELS[f] for f in FIGURES],
        "shown": " / ".join(FIGURE_LABELS[f] for f in SHOWN),
        "settings": TriageSettings.current(),
        "corrections": Correction.objects.count(),
        "recent_corrections": [(c, *named_values(c)) for c in recent],
        "accepted": [accepted_rows(v, accepted[v.pk]) for v in versions if v.pk in accepted],
        "accepted_weeks": ACCEPTED_WEEKS,
    }
    return render(request, "suggestions/models.html", context)


ACCEPTED_WEEKS = 8


def accepted_rows(version: ModelVersion, weeks: list[Week]) -> dict[str, Any]:
    """One version's figure as the page draws it: a row per field, a cell per week, the total."""
    total = totals(weeks)
    return {
        "version": version,
        "weeks": [w.label for w in weeks],
        "fields": [(LABELS[f], [w.cells[f] for w in weeks], total[f]) for f in FIELDS],
    }


def named_values(correction: Correction) -> tuple[str, str]:
    """The suggested and chosen values as a person reads them: names, not codes."""
    return _name(correction.field, correction.suggested), _name(correction.field, correction.chosen)


def _name(field: str, value: str) -> str:
    if not value:
        return "—"
    model = {"category": Category, "department": Department, "territory": Territory}.get(field)
    if model is not None:
        found = model.objects.filter(code=value).first()
        return str(found) if found else value
    if field == "priority":
        return str(dict(Priority.choices).get(value, value))
    if field == "actionable":
        return "обращение" if value == "1" else "не обращение"
    return value


@require_POST
@require(_is_admin)
def activate(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(ModelVersion, pk=pk)
    actions.activate(request.user, version)
    flash.success(request, f"Активна версия от {version.label}")
    return redirect("model-versions")


@require_POST
@require(_is_admin)
def toggle_auto_route(request: HttpRequest) -> HttpResponse:
    current = actions.set_auto_route(request.user, request.POST.get("auto_route") == "on")
    state = "включена" if current.auto_route else "выключена"
    flash.success(request, f"Автоматическая маршрутизация {state}")
    return redirect("model-versions")
