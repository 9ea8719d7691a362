"""The approval queue's actions without a page reload (htmx): approve, return for rework.

The same forms as the card's «Ответ» panel (views.approve, views.return_answer), which stay the
fallback: a request without `HX-Request` is handed to them. The answer is a status line and the
row taken off the queue; every change goes through otklik.answers.actions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from otklik.accounts.models import User
from otklik.accounts.permissions import can_triage, scope_incidents
from otklik.answers import actions, views
from otklik.answers.forms import ReturnForm, ReviewForm
from otklik.answers.models import Answer
from otklik.incidents.models import Incident
from otklik.inline import is_inline, refused, run_inline

ROW_TEMPLATE = "answers/inline_done.html"
REFUSED = "Согласовывать ответы может только пресс-служба"


def _answer(user: User, pk: int) -> Answer:
    scoped = scope_incidents(user, Incident.objects.all())
    return get_object_or_404(
        Answer.objects.select_related("incident").filter(incident__in=scoped), pk=pk
    )


@require_POST
@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_inline(request):
        return views.approve(request, pk)
    user: User = request.user  # type: ignore[assignment]
    if not can_triage(user):
        return refused(request, REFUSED)
    answer = _answer(user, pk)

    def run(data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        publications = actions.approve(user, answer, data["comment"])
        queued = len(publications)
        note = f"Ответ к #{answer.incident_id} согласован; публикаций в очереди: {queued}"
        return note, {"answer": answer}

    return run_inline(request, ReviewForm(request.POST), run, ROW_TEMPLATE)


@require_POST
@login_required
def return_answer(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_inline(request):
        return views.return_answer(request, pk)
    user: User = request.user  # type: ignore[assignment]
    if not can_triage(user):
        return refused(request, REFUSED)
    answer = _answer(user, pk)

    def run(data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        actions.return_answer(user, answer, data["comment"])
        return f"Ответ к #{answer.incident_id} возвращён на доработку", {"answer": answer}

    return run_inline(request, ReturnForm(request.POST), run, ROW_TEMPLATE)
