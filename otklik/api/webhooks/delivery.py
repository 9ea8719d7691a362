"""The worker's side: claim due deliveries, POST them signed, record every attempt.

`deliver_webhooks` is a worker task (otklik.api.tasks). Each due row is claimed with a
conditional UPDATE under a lease, so of any number of workers one sends it; a worker that dies
mid-send leaves a lease that runs out, and another takes the row over (the receiver may then see
it twice: `X-Otklik-Delivery`, also the body's "id", is what it deduplicates on).

A 2xx answer is delivered; anything else (another status, a timeout, a refused connection) is
retried after 1 minute, 5, 30, 2 hours and 12 hours, then the delivery fails. Redirects are not
followed. An address that turns out to point inside the network fails at once.
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from otklik.api.webhooks.addresses import Refused, resolve
from otklik.api.webhooks.models import WebhookAttempt, WebhookDelivery
from otklik.api.webhooks.signing import signature
from otklik.sources.actions import lease_length, worker_id

log = logging.getLogger(__name__)

TIMEOUT = 10.0  # seconds for the whole POST: connecting, sending and reading the answer
MAX_READ = 64 * 1024  # bytes of the answer read at most
EXCERPT = 1000  # characters of the answer kept
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
USER_AGENT = "Otklik-Webhooks/1"
State = WebhookDelivery.State


@dataclass(frozen=True)
class Outcome:
    status: int | None = None
    excerpt: str = ""
    error: str = ""
    final: bool = False  # no point retrying (the address is refused)
    duration_ms: int = 0

    @property
    def delivered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def lease() -> timedelta:
    return max(lease_length(), timedelta(seconds=TIMEOUT * 3))


def due(limit: int, now: datetime) -> list[tuple[int, str, datetime | None]]:
    """Pending rows whose time has come, and rows whose sender's lease ran out."""
    ready = Q(state=State.PENDING, next_attempt_at__lte=now) | Q(
        state=State.SENDING, lease_until__lt=now
    )
    return list(
        WebhookDelivery.objects.filter(ready)
        .order_by("next_attempt_at", "id")
        .values_list("id", "state", "lease_until")[:limit]
    )


def claim(pk: int, state: str, lease_until: datetime | None, worker: str, now: datetime) -> bool:
    """A conditional UPDATE on the row as it was seen: of any number of workers, one wins."""
    return bool(
        WebhookDelivery.objects.filter(pk=pk, state=state, lease_until=lease_until).update(
            state=State.SENDING,
            claimed_by=worker,
            lease_until=now + lease(),
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    )


def body(delivery: WebhookDelivery) -> bytes:
    document = {
        "id": delivery.pk,
        "event": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def headers(delivery: WebhookDelivery, raw: bytes, secret: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Otklik-Event": delivery.event,
        "X-Otklik-Delivery": str(delivery.pk),
        "X-Otklik-Signature": signature(secret, raw),
        "X-Otklik-Timestamp": str(int(timezone.now().timestamp())),
    }


def _connection(url: str) -> tuple[http.client.HTTPConnection, str]:
    """A connection to the address `resolve` checked (so a second lookup cannot differ), with
    the name kept for the Host header and the TLS certificate; and the path to POST to."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    address = resolve(host, port)
    factory = http.client.HTTPSConnection if https else http.client.HTTPConnection
    connection = factory(host, port, timeout=TIMEOUT)

    def pinned(_: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        return socket.create_connection((address, port), *args, **kwargs)

    connection._create_connection = pinned  # type: ignore[attr-defined]
    path = parts.path or "/"
    return connection, path + (f"?{parts.query}" if parts.query else "")


def _read(response: http.client.HTTPResponse, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < MAX_READ and time.monotonic() < deadline:
        chunk = response.read(min(8192, MAX_READ - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def post(url: str, raw: bytes, head: dict[str, str]) -> Outcome:
    """One POST; never raises for the network's or the receiver's failures."""
    started = time.monotonic()
    try:
        connection, path = _connection(url)
        try:
            connection.request("POST", path, body=raw, headers=head)
            response = connection.getresponse()
            answer = _read(response, started + TIMEOUT)
        finally:
            connection.close()
    except Refused as exc:
        return Outcome(error=str(exc), final=True, duration_ms=_since(started))
    except (OSError, http.client.HTTPException) as exc:
        error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return Outcome(error=error[:2000], duration_ms=_since(started))
    excerpt = answer.decode("utf-8", errors="replace")[:EXCERPT]
    error = "" if 200 <= response.status < 300 else f"HTTP {response.status}"
    if 300 <= response.status < 400:
        error += ": перенаправления не выполняются, укажите конечный адрес"
    return Outcome(response.status, excerpt, error, duration_ms=_since(started))


@transaction.atomic
def record(delivery: WebhookDelivery, worker: str, outcome: Outcome) -> str:
    """Write what the attempt gave, while this worker still holds the row; the new state."""
    now = timezone.now()
    attempts = delivery.attempts
    if outcome.delivered:
        fields = {"state": State.DELIVERED, "delivered_at": now}
    elif outcome.final or attempts >= MAX_ATTEMPTS:
        fields = {"state": State.FAILED}
    else:
        fields = {"state": State.PENDING, "next_attempt_at": now + BACKOFF[attempts - 1]}
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=attempts,
        at=now,
        response_status=outcome.status,
        response_excerpt=outcome.excerpt,
        error=outcome.error,
        duration_ms=outcome.duration_ms,
    )
    won = WebhookDelivery.objects.filter(
        pk=delivery.pk, state=State.SENDING, claimed_by=worker
    ).update(
        claimed_by="",
        lease_until=None,
        response_status=outcome.status,
        response_excerpt=outcome.excerpt,
        error=outcome.error,
        updated_at=now,
        **fields,
    )
    return str(fields["state"]) if won else ""


def send(delivery: WebhookDelivery, worker: str) -> str:
    """POST one claimed delivery and record it; the state it is left in."""
    subscription = delivery.subscription
    if not subscription.active:
        outcome = Outcome(error="Подписка отключена", final=True)
    elif not subscription.signing_key:
        outcome = Outcome(
            error="Секрет подписки не расшифровывается: создайте её заново", final=True
        )
    else:
        raw = body(delivery)
        outcome = post(subscription.url, raw, headers(delivery, raw, subscription.signing_key))
    if not outcome.delivered:
        log.warning(
            "webhook delivery %s (attempt %s) failed: %s",
            delivery.pk,
            delivery.attempts,
            outcome.error,
        )
    return record(delivery, worker, outcome)


def deliver_webhooks(batch: int = 50) -> int:
    """The worker task: send what is due; returns how many deliveries it handled."""
    worker = worker_id()
    handled = 0
    for pk, state, lease_until in due(batch, timezone.now()):
        if not claim(pk, state, lease_until, worker, timezone.now()):
            continue
        delivery = WebhookDelivery.objects.select_related("subscription").get(pk=pk)
        send(delivery, worker)
        handled += 1
    return handled
