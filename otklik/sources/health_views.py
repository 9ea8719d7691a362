"""The channel health page (administrators only): one row per source, one query for all."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages as flash
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from otklik.accounts.permissions import require
from otklik.sources.channels import CHANNELS, adapter_for, record_error
from otklik.sources.http import ChannelError
from otklik.sources.models import InboundPayload, Source, SourceCredential

log = logging.getLogger(__name__)

WAITING = (InboundPayload.Status.PENDING, InboundPayload.Status.PROCESSING)
EXPIRY_WARNING = timedelta(days=7)


def is_admin(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_admin", False))


def health_queryset() -> QuerySet[Source]:
    """Sources with their credential and payload counts: a single SQL query."""
    return Source.objects.select_related("credential").annotate(
        pending_count=Count("payloads", filter=Q(payloads__status__in=WAITING)),
        failed_count=Count("payloads", filter=Q(payloads__status=InboundPayload.Status.FAILED)),
    )


@dataclass
class Row:
    source: Source
    lag: timedelta | None
    expires_at: object
    expires_soon: bool
    testable: bool


def rows(sources: QuerySet[Source]) -> list[Row]:
    now, result = timezone.now(), []
    for source in sources:
        try:
            expires = source.credential.expires_at
        except SourceCredential.DoesNotExist:
            expires = None
        lag = now - source.last_event_at if source.last_event_at else None
        soon = expires is not None and expires - now < EXPIRY_WARNING
        result.append(Row(source, lag, expires, soon, source.kind in CHANNELS))
    return result


@require(is_admin)
def health(request: HttpRequest) -> HttpResponse:
    return render(request, "sources/health.html", {"rows": rows(health_queryset())})


@require_POST
@require(is_admin)
def test_source(request: HttpRequest, name: str) -> HttpResponse:
    source = get_object_or_404(Source, name=name)
    try:
        answer = adapter_for(source).test_connection()
    except ChannelError as exc:
        record_error(source, exc)
        flash.error(request, f"{source.name}: {exc}")
    else:
        flash.success(request, f"{source.name}: {answer}")
    return redirect("sources-health")
