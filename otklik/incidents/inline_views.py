"""The incident card's actions without a page reload (htmx): assign, «назначить на меня», change
the status, comment.

The same forms and rights as the full-page views, which stay the fallback: a request without
`HX-Request` is handed to them. The answer is a status line and the card's facts, forms and
history, swapped in place by their ids; every change goes through otklik.incidents.actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from otklik.accounts.models import User
from otklik.accounts.permissions import can_edit_incident, can_triage
from otklik.incidents import actions, views
from otklik.incidents.card import can_take, scoped_incident, work_context
from otklik.incidents.forms import AssignForm, CommentForm, StatusForm
from otklik.incidents.models import Incident
from otklik.inline import is_inline, refused, run_inline

CARD_TEMPLATE = "incidents/inline_card.html"
REFUSED = "Изменять этот инцидент вам нельзя"
TAKE_REFUSED = "Назначить на себя можно открытый инцидент своего подразделения"
Run = Callable[[User, Incident, dict[str, Any]], str]


def _inline(
    request: HttpRequest, pk: int, form: forms.Form | None, run: Run, fallback: Callable
) -> HttpResponse:
    if not is_inline(request):
        return fallback(request, pk)
    user: User = request.user  # type: ignore[assignment]
    incident = scoped_incident(user, pk)
    if not can_edit_incident(user, incident):
        return refused(request, REFUSED)

    def done(data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        note = run(user, incident, data)
        return note, work_context(user, scoped_incident(user, pk))

    return run_inline(request, form, done, CARD_TEMPLATE)


def _assign(user: User, incident: Incident, data: dict[str, Any]) -> str:
    department = data["department"] if can_triage(user) else incident.department
    actions.assign(user, incident, department, data["assignee"], data["comment"])
    return "Назначение сохранено"


def _take(user: User, incident: Incident, data: dict[str, Any]) -> str:
    if not can_take(user, incident):
        raise ValidationError(TAKE_REFUSED)
    actions.assign(user, incident, user.department, user)
    return "Инцидент назначен на вас"


def _status(user: User, incident: Incident, data: dict[str, Any]) -> str:
    actions.change_status(
        user, incident, data["status"], data["comment"], data["resolution"], data["no_answer"]
    )
    return f"Статус: {incident.get_status_display()}"


def _comment(user: User, incident: Incident, data: dict[str, Any]) -> str:
    actions.add_comment(user, incident, data["comment"])
    return "Комментарий добавлен"


@require_POST
@login_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _inline(request, pk, AssignForm(request.POST), _assign, views.assign)


@require_POST
@login_required
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    return _inline(request, pk, StatusForm(request.POST), _status, views.change_status)


@require_POST
@login_required
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    return _inline(request, pk, CommentForm(request.POST), _comment, views.comment)


@require_POST
@login_required
def take(request: HttpRequest, pk: int) -> HttpResponse:
    """«Назначить на меня»: the user's department and the user; its own full-page fallback."""
    return _inline(request, pk, None, _take, _take_page)


def _take_page(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    incident = scoped_incident(user, pk)
    try:
        flash.success(request, _take(user, incident, {}))
    except (ValidationError, PermissionDenied) as exc:
        flash.error(request, "; ".join(getattr(exc, "messages", [str(exc) or REFUSED])))
    return redirect("incident-detail", pk=pk)
