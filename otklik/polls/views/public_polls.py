"""/polls/ and /polls/<id>/: the residents' polls, the vote, the results. No login."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_protect

from otklik.polls import actions, throttle
from otklik.polls.forms import VoteForm
from otklik.polls.models import Poll
from otklik.polls.queries import open_and_closed, public_polls
from otklik.polls.results import results
from otklik.polls.voters import browser_token, ensure_token, remember


def poll_list(request: HttpRequest) -> HttpResponse:
    return render(request, "polls/public_list.html", open_and_closed())


@csrf_protect
def poll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    poll = get_object_or_404(public_polls(), pk=pk)
    running = actions.is_running(poll)
    token = browser_token(request)
    voted = actions.has_voted(poll, token)
    form = VoteForm(request.POST or None, options=poll.options.all())
    if request.method == "POST":
        if not running:
            raise Http404("Голосование не идёт")
        if throttle.over_limit(request, "vote"):
            return render(request, "polls/rate_limited.html", status=429)
        if form.is_valid():
            return _vote(request, poll, form)
    context = {
        "poll": poll,
        "form": form,
        "can_vote": running and not voted,
        "voted": voted,
        "results": results(poll) if voted or poll.state == Poll.State.CLOSED else None,
    }
    return render(request, "polls/public_detail.html", context, status=400 if form.errors else 200)


def _vote(request: HttpRequest, poll: Poll, form: VoteForm) -> HttpResponse:
    token = ensure_token(request)
    data = form.cleaned_data
    try:
        actions.cast_vote(poll, data["option"], token, data.get("territory"))
    except ValidationError as exc:
        flash.error(request, "; ".join(exc.messages))
    else:
        throttle.count(request, "vote")
        flash.success(request, "Спасибо, ваш голос учтён")
    response = redirect("poll-public", pk=poll.pk)
    remember(response, token)
    return response
