"""/initiatives/manage/: the press service reviews, accepts, declines and answers initiatives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from otklik.accounts.permissions import require
from otklik.form_actions import run_form
from otklik.polls import actions
from otklik.polls.actions.initiatives import MOVES
from otklik.polls.forms import AcceptForm, AnswerForm, DeclineForm, InitiativeFilterForm
from otklik.polls.models import Initiative
from otklik.polls.queries import initiatives

PAGE_SIZE = 50


@require(actions.can_manage)
def manage_list(request: HttpRequest) -> HttpResponse:
    form = InitiativeFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    qs = initiatives(data.get("territory"), data.get("state") or "")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "polls/initiatives_manage_list.html", context)


@require(actions.can_manage)
def initiative_manage(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(initiatives().select_related("campaign", "decided_by"), pk=pk)
    context = {
        "initiative": initiative,
        "accept_form": AcceptForm(
            initial={"answer": initiative.answer, "campaign": initiative.campaign}
        ),
        "decline_form": DeclineForm(),
        "answer_form": AnswerForm(initial={"answer": initiative.answer}),
        "moves": MOVES[initiative.state],
    }
    return render(request, "polls/initiative_manage.html", context)


def _act(
    request: HttpRequest,
    pk: int,
    form_class: type | None,
    call: Callable[[Initiative, dict[str, Any]], None],
    done: str,
) -> HttpResponse:
    initiative = get_object_or_404(Initiative, pk=pk)
    form = form_class(request.POST) if form_class is not None else None

    def run(data: dict[str, Any]) -> str:
        call(initiative, data)
        return done

    return run_form(request, form, run, reverse("initiative-manage", args=[pk]))


@require_POST
@require(actions.can_manage)
def initiative_review(request: HttpRequest, pk: int) -> HttpResponse:
    def call(i: Initiative, data: dict[str, Any]) -> None:
        actions.review(request.user, i)  # type: ignore[arg-type]

    return _act(request, pk, None, call, "Инициатива взята на рассмотрение")


@require_POST
@require(actions.can_manage)
def initiative_accept(request: HttpRequest, pk: int) -> HttpResponse:
    def call(i: Initiative, data: dict[str, Any]) -> None:
        actions.accept(request.user, i, **data)  # type: ignore[arg-type]

    return _act(request, pk, AcceptForm, call, "Инициатива принята, ответ опубликован")


@require_POST
@require(actions.can_manage)
def initiative_decline(request: HttpRequest, pk: int) -> HttpResponse:
    def call(i: Initiative, data: dict[str, Any]) -> None:
        actions.decline(request.user, i, reason=data["reason"])  # type: ignore[arg-type]

    return _act(request, pk, DeclineForm, call, "Инициатива отклонена, причина опубликована")


@require_POST
@require(actions.can_manage)
def initiative_done(request: HttpRequest, pk: int) -> HttpResponse:
    def call(i: Initiative, data: dict[str, Any]) -> None:
        actions.mark_done(request.user, i, answer=data.get("answer") or "")  # type: ignore[arg-type]

    return _act(request, pk, AnswerForm, call, "Инициатива отмечена реализованной")


@require_POST
@require(actions.can_manage)
def initiative_answer(request: HttpRequest, pk: int) -> HttpResponse:
    def call(i: Initiative, data: dict[str, Any]) -> None:
        actions.save_answer(request.user, i, answer=data.get("answer") or "")  # type: ignore[arg-type]

    return _act(request, pk, AnswerForm, call, "Ответ сохранён")
