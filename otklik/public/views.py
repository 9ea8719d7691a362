"""The public form «Сообщить о проблеме» and the status page: the residents' front door.

A report is stored raw first as a payload of the web-form source and lands in the inbox like any
other message; its ticket (answers) lets the resident follow it without an account.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from otklik.accounts import form_limits
from otklik.accounts.addresses import client_fingerprint
from otklik.answers.actions.tickets import issue_ticket, ticket_status
from otklik.answers.models import FormTicket
from otklik.public.forms import ReportForm
from otklik.public.numbers import ticket_number
from otklik.public.photos import forget_pending, keep_pending, pending_photo, save_photo
from otklik.sources.actions import (
    claim_payload,
    get_or_create_source,
    process_payload,
    record_payload,
)
from otklik.sources.models import Source

FORM_SOURCE = "web-form"
RATE_GROUP = "form-report"
TICKET_KEY = "form_ticket"


#: Room for the text fields and the multipart framing beside the largest photo.
FORM_FIELDS_BYTES = 256 * 1024


def over_rate_limit(request: HttpRequest) -> bool:
    """This address has sent its hour's reports. Only accepted reports count (see
    `count_report`): a resident who got the form wrong is not locked out by the retries."""
    return form_limits.used_up(request, RATE_GROUP)


def count_report(request: HttpRequest) -> None:
    form_limits.count(request, RATE_GROUP)


def max_body_bytes() -> int:
    return settings.FORM_MAX_PHOTO_BYTES + FORM_FIELDS_BYTES


def refuse_unread(request: HttpRequest) -> HttpResponse | None:
    """A response for a POST refused before a byte of its body is read, or None.

    Too large by its declared size: 413. No declared size (a chunked body, which Django would
    not read at all): 411. Over the address's limit: 429. The proxy's own limit
    (client_max_body_size, see the README) stops larger bodies before they reach us.
    """
    declared = request.META.get("CONTENT_LENGTH") or ""
    if not declared.isdigit():
        return render(request, "form/too_large.html", {"chunked": True}, status=411)
    if int(declared) > max_body_bytes():
        context = {"photo_limit": settings.FORM_MAX_PHOTO_BYTES}
        return render(request, "form/too_large.html", context, status=413)
    if over_rate_limit(request):
        return render(request, "form/rate_limited.html", status=429)
    return None


def _kept_photo(form: ReportForm, token: str) -> dict[str, object]:
    """The form again, with its photo kept aside (a signed token) when the photo itself was
    fine, so that a resident who fixes another field need not choose it again."""
    photo = form.cleaned_data.get("photo") if "photo" not in form.errors else None
    if photo:
        if token:
            forget_pending(token)
        token = keep_pending(photo) or ""
    elif token and pending_photo(token) is None:
        token = ""
    return {"form": form, "photo_token": token}


@csrf_exempt  # the CSRF check reads the body: it runs in _report, after refuse_unread
def report(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        refused = refuse_unread(request)
        if refused is not None:
            return refused
    return _report(request)


@csrf_protect
def _report(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "form/report.html", {"form": ReportForm()})
    form = ReportForm(request.POST, request.FILES)
    kept_token = request.POST.get("photo_token", "")[:500]
    if not form.is_valid():
        return render(request, "form/report.html", _kept_photo(form, kept_token), status=400)
    count_report(request)
    if form.cleaned_data.get("website"):
        return redirect("report-done")
    reference = uuid.uuid4().hex
    data = form.cleaned_data
    photo = data.get("photo") or (pending_photo(kept_token) if kept_token else None)
    body = {
        "external_id": reference,
        "text": data["text"],
        "author": data["name"] or "Житель (веб-форма)",
        "author_id": f"form:{reference}",
        "created_at": datetime.now(UTC).isoformat(),
        "kind": "form",
        "address": data["address"],
        "contact": data["contact"],
        "attachments": [save_photo(photo, reference)] if photo else [],
    }
    source = get_or_create_source(FORM_SOURCE, Source.Kind.FORM, "Веб-форма «Сообщить о проблеме»")
    payload, _ = record_payload(
        source,
        reference,
        body=body,
        event_type="form_report",
        headers={"client": client_fingerprint(request)},
    )
    if claim_payload(payload):  # the resident's report is in the inbox at once
        process_payload(payload)
    if kept_token:
        forget_pending(kept_token)
    ticket = issue_ticket(source, reference)
    request.session[TICKET_KEY] = ticket.token
    return redirect("report-done")


def thanks(request: HttpRequest, reference: str = "") -> HttpResponse:
    """«Принято»: the number of the report just sent (this session's ticket) and its private
    status link. An old /report/thanks/<hex>/ link still shows that report's number."""
    token = request.session.get(TICKET_KEY, "")
    ticket = FormTicket.objects.filter(token=token).first() if token else None
    if ticket is None and re.fullmatch(r"[0-9a-f]{12}", reference):
        ticket = FormTicket.objects.filter(reference__startswith=reference).first()
        token = ""
    status_url = request.build_absolute_uri(reverse("report-status", args=[token])) if token else ""
    number = ticket_number(ticket) if ticket is not None else ""
    return render(request, "form/thanks.html", {"reference": number, "status_url": status_url})


def status(request: HttpRequest, token: str) -> HttpResponse:
    """The resident's private page: where their report stands and the published answer."""
    ticket = get_object_or_404(FormTicket.objects.select_related("message"), token=token)
    context = {**ticket_status(ticket), "reference": ticket_number(ticket)}
    response = render(request, "form/status.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
