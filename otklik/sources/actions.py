"""Raw first: every payload is stored before any processing, then processed by a worker."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from otklik.inbox.actions import store_messages
from otklik.inbox.records import MessageRecord
from otklik.sources.models import InboundPayload, Source
from otklik.sources.normalisers import normaliser_for
from otklik.sources.storable import storable

log = logging.getLogger(__name__)

STALE_CLAIM = timedelta(minutes=10)
MAX_ATTEMPTS = 5


def get_or_create_source(name: str, kind: str, title: str = "") -> Source:
    source, _ = Source.objects.get_or_create(
        name=name, defaults={"kind": kind, "title": title or name}
    )
    return source


def record_payload(
    source: Source,
    external_id: str,
    body: Any = None,
    raw: bytes | None = None,
    headers: dict[str, str] | None = None,
    event_type: str = "",
) -> tuple[InboundPayload, bool]:
    """Store a payload exactly as received; (payload, created). A redelivery returns the first."""
    size = len(raw) if raw is not None else len(json.dumps(body, ensure_ascii=False))
    status = InboundPayload.Status.PENDING
    error = ""
    if size > settings.MAX_PAYLOAD_BYTES:
        status, error = InboundPayload.Status.FAILED, f"payload too large: {size} bytes"
        body, raw = None, (raw or b"")[: settings.MAX_PAYLOAD_BYTES]
    body = storable(body)
    try:
        with transaction.atomic():
            payload = InboundPayload.objects.create(
                source=source,
                external_id=external_id[:255],
                event_type=event_type[:64],
                body=body,
                raw=raw,
                headers=headers or {},
                status=status,
                error=error,
            )
    except IntegrityError:
        return InboundPayload.objects.get(source=source, external_id=external_id[:255]), False
    Source.objects.filter(pk=source.pk).update(last_event_at=payload.received_at)
    return payload, True


def claim_payloads(limit: int = 100) -> list[InboundPayload]:
    """Claim pending payloads (and stale claims of a crashed worker): one winner per row."""
    now = timezone.now()
    ready = Q(status=InboundPayload.Status.PENDING) | Q(
        status=InboundPayload.Status.PROCESSING, claimed_at__lt=now - STALE_CLAIM
    )
    candidates = list(
        InboundPayload.objects.filter(ready, attempts__lt=MAX_ATTEMPTS)
        .order_by("id")
        .values_list("id", "status", "claimed_at")[:limit]
    )
    claimed: list[int] = []
    for pk, status, claimed_at in candidates:
        won = InboundPayload.objects.filter(pk=pk, status=status, claimed_at=claimed_at).update(
            status=InboundPayload.Status.PROCESSING, claimed_at=now
        )
        if won:
            claimed.append(pk)
    return list(InboundPayload.objects.filter(pk__in=claimed).select_related("source"))


def process_payload(payload: InboundPayload) -> None:
    """Turn one claimed payload into messages; a failure is kept on the payload, visible."""
    normalise: Callable[[InboundPayload], list[MessageRecord]] = normaliser_for(payload)
    attempts = payload.attempts + 1
    try:
        records = normalise(payload)
        with transaction.atomic():
            store_messages(payload.source, records, [payload.id] * len(records))
            InboundPayload.objects.filter(pk=payload.pk).update(
                status=InboundPayload.Status.DONE if records else InboundPayload.Status.SKIPPED,
                processed_at=timezone.now(),
                attempts=attempts,
                error="",
            )
    except Exception as exc:
        log.warning("payload %s failed: %s", payload.pk, exc)
        status = (
            InboundPayload.Status.FAILED
            if attempts >= MAX_ATTEMPTS
            else InboundPayload.Status.PENDING
        )
        if isinstance(exc, ValueError):
            status = InboundPayload.Status.FAILED
        InboundPayload.objects.filter(pk=payload.pk).update(
            status=status, attempts=attempts, error=f"{type(exc).__name__}: {exc}"[:2000]
        )


def process_pending(limit: int = 100) -> int:
    payloads = claim_payloads(limit)
    for payload in payloads:
        process_payload(payload)
    return len(payloads)


def retry_failed(
    source: Source | None = None, payloads: QuerySet[InboundPayload] | None = None
) -> int:
    """Put failed payloads (of a source, or of a chosen set) back in the queue, e.g. after a
    parser fix."""
    qs = (payloads if payloads is not None else InboundPayload.objects.all()).filter(
        status=InboundPayload.Status.FAILED
    )
    if source is not None:
        qs = qs.filter(source=source)
    return qs.update(status=InboundPayload.Status.PENDING, attempts=0, claimed_at=None)
