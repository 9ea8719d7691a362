"""/polls/manage/: the press service's polls: list, create, edit, open, close, publish, results,
CSV, the results post."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from otklik.accounts.permissions import require
from otklik.form_actions import run_form
from otklik.polls import actions
from otklik.polls.actions.publish import PUBLISHABLE
from otklik.polls.forms import PollForm, PublishForm
from otklik.polls.models import Poll
from otklik.polls.results import results, to_csv
from otklik.sources.models import Source


def _sources() -> Any:
    return Source.objects.filter(kind__in=PUBLISHABLE, is_active=True).order_by("name")


@require(actions.can_manage)
def manage_list(request: HttpRequest) -> HttpResponse:
    polls = (
        Poll.objects.select_related("territory")
        .annotate(vote_count=Count("votes", distinct=True))
        .order_by("-starts_at", "-id")
    )
    return render(request, "polls/manage_list.html", {"polls": polls})


def _form_fields(poll: Poll) -> dict[str, Any]:
    return {
        "question": poll.question,
        "description": poll.description,
        "options": "\n".join(o.text for o in poll.options.all()),
        "starts_at": timezone.localtime(poll.starts_at),
        "ends_at": timezone.localtime(poll.ends_at),
        "territory": poll.territory,
    }


@require(actions.can_manage)
def poll_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    poll = get_object_or_404(Poll, pk=pk) if pk is not None else None
    initial = _form_fields(poll) if poll is not None else {}
    form = PollForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if poll is None:
                poll = actions.create_poll(request.user, **form.cleaned_data)  # type: ignore[arg-type]
            else:
                actions.update_poll(request.user, poll, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("poll-manage", pk=poll.pk)
    return render(request, "polls/manage_edit.html", {"form": form, "poll": poll})


@require(actions.can_manage)
def poll_manage(request: HttpRequest, pk: int) -> HttpResponse:
    poll = get_object_or_404(Poll.objects.select_related("territory", "created_by"), pk=pk)
    context = {
        "poll": poll,
        "results": results(poll),
        "channels": poll.channels.select_related("source").order_by("source__name"),
        "publish_form": PublishForm(sources=_sources()),
    }
    return render(request, "polls/manage_detail.html", context)


def _back(poll: Poll) -> str:
    return reverse("poll-manage", args=[poll.pk])


@require_POST
@require(actions.can_manage)
def poll_open(request: HttpRequest, pk: int) -> HttpResponse:
    poll = get_object_or_404(Poll, pk=pk)

    def run(data: dict[str, Any]) -> str:
        actions.open_poll(request.user, poll)  # type: ignore[arg-type]
        return "Опрос открыт: жители могут голосовать на сайте"

    return run_form(request, None, run, _back(poll))


@require_POST
@require(actions.can_manage)
def poll_close(request: HttpRequest, pk: int) -> HttpResponse:
    poll = get_object_or_404(Poll, pk=pk)

    def run(data: dict[str, Any]) -> str:
        actions.close_poll(request.user, poll)  # type: ignore[arg-type]
        return "Опрос завершён"

    return run_form(request, None, run, _back(poll))


@require_POST
@require(actions.can_manage)
def poll_publish(request: HttpRequest, pk: int) -> HttpResponse:
    poll = get_object_or_404(Poll, pk=pk)
    form = PublishForm(request.POST, sources=_sources())

    def run(data: dict[str, Any]) -> str:
        sent = actions.publish_poll(request.user, poll, data["sources"])  # type: ignore[arg-type]
        lines = [f"«{c.source}»: {c.get_state_display().lower()}" for c in sent]
        lines += [f"«{c.source}»: {c.reason}" for c in sent if c.reason]
        return "; ".join(lines) or "Во всех выбранных каналах опрос уже опубликован"

    return run_form(request, form, run, _back(poll))


@require_POST
@require(actions.can_manage)
def poll_results_post(request: HttpRequest, pk: int) -> HttpResponse:
    poll = get_object_or_404(Poll, pk=pk)

    def run(data: dict[str, Any]) -> str:
        actions.draft_results_post(request.user, poll)  # type: ignore[arg-type]
        return "Черновик поста с итогами добавлен в план публикаций: проверьте и утвердите его там"

    return run_form(request, None, run, _back(poll))


@require(actions.can_manage)
def poll_csv(request: HttpRequest, pk: int) -> HttpResponse:
    poll = get_object_or_404(Poll, pk=pk)
    response = HttpResponse(to_csv(results(poll)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}.csv"'
    return response
