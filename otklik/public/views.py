"""The public form «Сообщить о проблеме» and the status page: the residents' front door.

A report is stored raw first as a payload of the web-form source and lands in the inbox like any
other message; its ticket (answers) lets the resident follow it without an account.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_protect

from otklik.answers.actions.tickets import issue_ticket, ticket_status
from otklik.answers.models import FormTicket
from otklik.public.forms import ReportForm, photo_extension
from otklik.sources.actions import (
    claim_payload,
    get_or_create_source,
    process_payload,
    record_payload,
)
from otklik.sources.models import Source

FORM_SOURCE = "web-form"
RATE_WINDOW_SECONDS = 3600
TICKET_KEY = "form_ticket"


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def client_fingerprint(request: HttpRequest) -> str:
    """The sender's address, hashed: enough to spot abuse, not personal data at rest."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode())
    return digest.hexdigest()[:16]


def over_rate_limit(request: HttpRequest) -> bool:
    key = f"form-rate:{client_ip(request)}"
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        count = 1
    return count > settings.FORM_RATE_LIMIT_PER_HOUR


def save_photo(photo: UploadedFile, reference: str) -> dict[str, str]:
    head = photo.read(16)
    photo.seek(0)
    extension = photo_extension(head) or "bin"
    folder = settings.MEDIA_ROOT / "form"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{reference}.{extension}"
    with path.open("wb") as out:
        for chunk in photo.chunks():
            out.write(chunk)
    return {"type": "photo", "path": f"form/{path.name}", "size": str(photo.size)}


@csrf_protect
def report(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "form/report.html", {"form": ReportForm()})
    if over_rate_limit(request):
        return render(request, "form/rate_limited.html", status=429)
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "form/report.html", {"form": form}, status=400)
    if form.cleaned_data.get("website"):
        return redirect("report-thanks", reference="0")
    reference = uuid.uuid4().hex
    data = form.cleaned_data
    body = {
        "external_id": reference,
        "text": data["text"],
        "author": data["name"] or "Житель (веб-форма)",
        "author_id": f"form:{reference}",
        "created_at": datetime.now(UTC).isoformat(),
        "kind": "form",
        "address": data["address"],
        "contact": data["contact"],
        "attachments": [save_photo(data["photo"], reference)] if data.get("photo") else [],
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
    ticket = issue_ticket(source, reference)
    request.session[TICKET_KEY] = ticket.token
    return redirect("report-thanks", reference=reference[:12])


def thanks(request: HttpRequest, reference: str) -> HttpResponse:
    token = request.session.get(TICKET_KEY, "")
    status_url = request.build_absolute_uri(reverse("report-status", args=[token])) if token else ""
    return render(
        request, "form/thanks.html", {"reference": reference[:12], "status_url": status_url}
    )


def status(request: HttpRequest, token: str) -> HttpResponse:
    """The resident's private page: where their report stands and the published answer."""
    ticket = get_object_or_404(FormTicket.objects.select_related("message"), token=token)
    context = ticket_status(ticket)
    response = render(request, "form/status.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
