"""/initiatives/: the residents' initiatives, a new one, support. No login; the author's name and
contact are never shown here; phone numbers and e-mails in a text are masked."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from otklik.polls import actions, throttle
from otklik.polls.actions.initiatives import SUPPORTABLE
from otklik.polls.forms import InitiativeFilterForm, InitiativeForm
from otklik.polls.models import Initiative
from otklik.polls.queries import initiatives
from otklik.polls.voters import browser_token, ensure_token, remember

PAGE_SIZE = 30


def initiative_list(request: HttpRequest) -> HttpResponse:
    form = InitiativeFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    qs = initiatives(data.get("territory"), data.get("state") or "")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "polls/initiatives_list.html", context)


@csrf_protect
def initiative_new(request: HttpRequest) -> HttpResponse:
    form = InitiativeForm(request.POST or None)
    if request.method != "POST":
        return render(request, "polls/initiative_new.html", {"form": form})
    if throttle.over_limit(request, "initiative"):
        return render(request, "polls/rate_limited.html", status=429)
    if not form.is_valid():
        return render(request, "polls/initiative_new.html", {"form": form}, status=400)
    throttle.count(request, "initiative")
    data = form.cleaned_data
    if data.get("website"):  # a bot filled the hidden field
        return redirect("initiative-list")
    initiative = actions.propose(
        territory=data["territory"],
        title=data["title"],
        text=data["text"],
        author_name=data["name"],
        author_contact=data["contact"],
    )
    flash.success(request, "Спасибо! Инициатива опубликована и передана в администрацию")
    return redirect("initiative-public", pk=initiative.pk)


def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    qs = initiatives()
    initiative = get_object_or_404(qs.select_related("campaign"), pk=pk)
    context = {
        "initiative": initiative,
        "supported": actions.has_supported(initiative, browser_token(request)),
        "can_support": initiative.state in SUPPORTABLE,
    }
    return render(request, "polls/initiative_detail.html", context)


@require_POST
@csrf_protect
def initiative_support(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(Initiative, pk=pk)
    if throttle.over_limit(request, "support"):
        return render(request, "polls/rate_limited.html", status=429)
    token = ensure_token(request)
    try:
        actions.support(initiative, token)
    except ValidationError as exc:
        flash.error(request, "; ".join(exc.messages))
    else:
        throttle.count(request, "support")
        flash.success(request, "Спасибо, ваша поддержка учтена")
    response = redirect("initiative-public", pk=initiative.pk)
    remember(response, token)
    return response
