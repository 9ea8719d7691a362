"""The public page of an announced meeting, /vstrechi/<id>/: where and when, and a form for a
question in advance. No login; CSRF; bodies bounded and refused unread when too large; a rate
limit per address, as on the residents' web form."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from otklik.meetings import actions, ratelimit
from otklik.meetings.forms import AskForm
from otklik.meetings.models import Meeting

PUBLIC_STATES = (
    Meeting.State.ANNOUNCED,
    Meeting.State.HELD,
    Meeting.State.RESULTS_PUBLISHED,
)


def _meeting(pk: int) -> Meeting:
    """Only a meeting that was announced is public; a planned one is not there yet."""
    meeting = get_object_or_404(Meeting.objects.select_related("territory"), pk=pk)
    if meeting.state not in PUBLIC_STATES:
        raise Http404("встреча ещё не объявлена")
    return meeting


def _page(request: HttpRequest, meeting: Meeting, form: AskForm, status: int = 200) -> HttpResponse:
    context = {"meeting": meeting, "form": form, "open": meeting.state == Meeting.State.ANNOUNCED}
    response = render(request, "meetings/public/ask.html", context, status=status)
    response["Referrer-Policy"] = "same-origin"
    return response


def _refuse_unread(request: HttpRequest) -> HttpResponse | None:
    declared = request.META.get("CONTENT_LENGTH") or ""
    if not declared.isdigit():
        return render(request, "meetings/public/refused.html", {"why": "length"}, status=411)
    if int(declared) > ratelimit.MAX_BODY_BYTES:
        return render(request, "meetings/public/refused.html", {"why": "large"}, status=413)
    if ratelimit.over_limit(request):
        return render(request, "meetings/public/refused.html", {"why": "rate"}, status=429)
    return None


@csrf_exempt  # the CSRF check reads the body: it runs in _ask, after _refuse_unread
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        refused = _refuse_unread(request)
        if refused is not None:
            return refused
    return _ask(request, pk)


@csrf_protect
def _ask(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    if request.method != "POST":
        return _page(request, meeting, AskForm())
    form = AskForm(request.POST)
    if meeting.state != Meeting.State.ANNOUNCED or not form.is_valid():
        return _page(request, meeting, form, status=400)
    ratelimit.count(request)
    data = form.cleaned_data
    if data["website"]:
        return redirect("meeting-ask-done", pk=meeting.pk)
    try:
        actions.ask_in_advance(
            meeting,
            text=data["text"],
            name=data["name"],
            contact=data["contact"],
            client=ratelimit.client_fingerprint(request),
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _page(request, meeting, form, status=400)
    return redirect("meeting-ask-done", pk=meeting.pk)


def ask_done(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "meetings/public/done.html", {"meeting": _meeting(pk)})
