"""Incident list and card; every change goes through otklik.incidents.actions."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from otklik.accounts.models import Role, User
from otklik.accounts.permissions import can_edit_incident, can_triage, scope_incidents
from otklik.answers.views import answer_panel_context
from otklik.incidents import actions
from otklik.incidents.forms import (
    AssignForm,
    CommentForm,
    DetailsForm,
    IncidentFilterForm,
    StatusForm,
)
from otklik.incidents.models import Incident
from otklik.incidents.queries import incident_queryset
from otklik.incidents.states import Status, allowed_targets

PAGE_SIZE = 50


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    if "state" not in data:
        data["state"] = "open"
    form = IncidentFilterForm(data)
    filters = form.cleaned_data if form.is_valid() else {"state": "open"}
    page = Paginator(incident_queryset(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = data.copy()
    query.pop("page", None)
    return render(
        request, "incidents/list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


def _incident(request: HttpRequest, pk: int) -> Incident:
    qs = scope_incidents(
        request.user,
        Incident.objects.select_related(
            "category", "category__parent", "department", "territory", "assignee", "created_by"
        ),
    )
    return get_object_or_404(qs, pk=pk)


@login_required
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk)
    user: User = request.user  # type: ignore[assignment]
    allowed = [(s, Status(s).label) for s in Status if s in allowed_targets(incident.status)]
    assign_form = AssignForm(
        initial={"department": incident.department, "assignee": incident.assignee}
    )
    if not can_triage(user):
        assign_form.fields["department"].disabled = True
    assignee_field = assign_form.fields["assignee"]
    assignee_field.queryset = User.objects.filter(  # type: ignore[attr-defined]
        role=Role.EXECUTOR, is_active=True, department=incident.department
    )
    context = {
        "incident": incident,
        "reports": incident.messages.select_related("source", "author", "territory").order_by(
            "created_at"
        ),
        "events": incident.events.select_related("actor").order_by("created_at", "id"),
        "can_edit": can_edit_incident(user, incident),
        "can_triage": can_triage(user),
        "assign_form": assign_form,
        "status_form": StatusForm(allowed=allowed),
        "details_form": DetailsForm(
            initial={
                "title": incident.title,
                "category": incident.category,
                "territory": incident.territory,
                "address_text": incident.address_text,
                "priority": incident.priority,
            }
        ),
        "comment_form": CommentForm(),
        "answer_panel": answer_panel_context(user, incident),
    }
    return render(request, "incidents/detail.html", context)


def _act(
    request: HttpRequest, pk: int, form_class: type, run: Callable[[User, Incident, dict], str]
) -> HttpResponse:
    incident = _incident(request, pk)
    user: User = request.user  # type: ignore[assignment]
    if not can_edit_incident(user, incident):
        raise PermissionDenied
    form = form_class(request.POST)
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[k].label if k in form.fields else k}: {' '.join(v)}"
            for k, v in form.errors.items()
        )
        flash.error(request, errors or "Проверьте поля формы")
        return redirect("incident-detail", pk=pk)
    try:
        flash.success(request, run(user, incident, form.cleaned_data))
    except (ValidationError, PermissionDenied) as exc:
        flash.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("incident-detail", pk=pk)


@require_POST
@login_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, incident: Incident, data: dict) -> str:
        department = data["department"] if can_triage(user) else incident.department
        actions.assign(user, incident, department, data["assignee"], data["comment"])
        return "Назначение сохранено"

    return _act(request, pk, AssignForm, run)


@require_POST
@login_required
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, incident: Incident, data: dict) -> str:
        actions.change_status(user, incident, data["status"], data["comment"], data["resolution"])
        return f"Статус: {incident.get_status_display()}"

    return _act(request, pk, StatusForm, run)


@require_POST
@login_required
def update_details(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, incident: Incident, data: dict) -> str:
        comment = data.pop("comment")
        actions.update_details(user, incident, comment, **data)
        return "Изменения сохранены"

    return _act(request, pk, DetailsForm, run)


@require_POST
@login_required
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, incident: Incident, data: dict) -> str:
        actions.add_comment(user, incident, data["comment"])
        return "Комментарий добавлен"

    return _act(request, pk, CommentForm, run)
