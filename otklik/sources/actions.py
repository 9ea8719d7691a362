"""Raw first: every payload is stored before any processing, then processed by a worker."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import socket
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from otklik.pgcopy import stage
from otklik.sources.http import ChannelError, RateLimited
from otklik.sources.models import InboundPayload, Source, SourceCredential
from otklik.sources.normalisers import normaliser_for
from otklik.sources.records import MessageRecord
from otklik.sources.storable import SURROGATE, storable
from otklik.sources.store import message_store

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
_worker: tuple[int, str] = (0, "")


class LeaseLost(Exception):
    """Another worker took the payload over: this one's lease ran out while it worked."""


def worker_id() -> str:
    """This process as a claimant: host, pid and a random tag (a new one after a fork)."""
    global _worker
    pid = os.getpid()
    if _worker[0] != pid:
        _worker = (pid, f"{socket.gethostname()[:60]}:{pid}:{secrets.token_hex(3)}")
    return _worker[1]


def lease_length() -> timedelta:
    """How long a claim lasts unless renewed: a dead worker's payloads wait no longer."""
    return timedelta(seconds=max(settings.CLAIM_LEASE_SECONDS, 1))


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


def claim_payloads(limit: int = 100, worker: str | None = None) -> list[InboundPayload]:
    """Claim pending payloads, and those whose lease ran out (a worker died holding them), for
    one lease: one winner per row (a conditional UPDATE, on SQLite and PostgreSQL alike)."""
    worker = worker or worker_id()
    now = timezone.now()
    ready = Q(status=InboundPayload.Status.PENDING) | Q(
        status=InboundPayload.Status.PROCESSING, lease_until__lt=now
    )
    candidates = list(
        InboundPayload.objects.filter(ready, attempts__lt=MAX_ATTEMPTS)
        .order_by("id")
        .values_list("id", "status", "lease_until", "claimed_by")[:limit]
    )
    claimed: list[int] = []
    for pk, status, lease_until, previous in candidates:
        won = InboundPayload.objects.filter(
            pk=pk, status=status, lease_until=lease_until, claimed_by=previous
        ).update(
            status=InboundPayload.Status.PROCESSING,
            claimed_at=now,
            claimed_by=worker,
            lease_until=now + lease_length(),
        )
        if won:
            claimed.append(pk)
            if status == InboundPayload.Status.PROCESSING:
                log.warning("payload %s: lease of %s ran out, taken over", pk, previous or "?")
    return list(InboundPayload.objects.filter(pk__in=claimed).select_related("source"))


def claim_payload(payload: InboundPayload, worker: str | None = None) -> bool:
    """Claim one pending payload now (the web form processes its own report at once)."""
    worker = worker or worker_id()
    now = timezone.now()
    fields = {
        "status": InboundPayload.Status.PROCESSING,
        "claimed_at": now,
        "claimed_by": worker,
        "lease_until": now + lease_length(),
    }
    won = InboundPayload.objects.filter(pk=payload.pk, status=InboundPayload.Status.PENDING).update(
        **fields
    )
    if won:
        for name, value in fields.items():
            setattr(payload, name, value)
    return bool(won)


def renew_leases(payloads: list[InboundPayload]) -> datetime:
    """Extend the leases this worker still holds on `payloads`; returns the new expiry."""
    until = timezone.now() + lease_length()
    by_worker: dict[str, list[int]] = {}
    for payload in payloads:
        by_worker.setdefault(payload.claimed_by, []).append(payload.pk)
    for worker, ids in by_worker.items():
        InboundPayload.objects.filter(
            pk__in=ids, claimed_by=worker, status=InboundPayload.Status.PROCESSING
        ).update(lease_until=until)
    for payload in payloads:
        payload.lease_until = until
    return until


def _finish(payload: InboundPayload, **fields: Any) -> None:
    """Write the outcome if this worker still holds the payload, else LeaseLost."""
    won = InboundPayload.objects.filter(
        pk=payload.pk, status=InboundPayload.Status.PROCESSING, claimed_by=payload.claimed_by
    ).update(lease_until=None, **fields)
    if not won:
        raise LeaseLost(f"payload {payload.pk}: taken over by another worker")


def process_payload(payload: InboundPayload) -> None:
    """Turn one claimed payload into messages; a failure is kept on the payload, visible.

    The outcome is written only while this worker still holds the claim: a worker whose lease
    ran out (stopped for longer than a lease) leaves the payload to the one that took it over.
    """
    normalise: Callable[[InboundPayload], list[MessageRecord]] = normaliser_for(payload)
    attempts = payload.attempts + 1
    try:
        records = normalise(payload)
        with transaction.atomic():
            _finish(
                payload,
                status=InboundPayload.Status.DONE if records else InboundPayload.Status.SKIPPED,
                processed_at=timezone.now(),
                attempts=attempts,
                error="",
            )
            message_store().store(payload.source, records, [payload.id] * len(records))
    except LeaseLost as lost:
        log.warning("%s", lost)
    except Exception as exc:
        log.warning("payload %s failed: %s", payload.pk, exc)
        status = (
            InboundPayload.Status.FAILED
            if attempts >= MAX_ATTEMPTS
            else InboundPayload.Status.PENDING
        )
        if isinstance(exc, ValueError):
            status = InboundPayload.Status.FAILED
        try:
            _finish(
                payload,
                status=status,
                attempts=attempts,
                claimed_by="",
                error=f"{type(exc).__name__}: {exc}"[:2000],
            )
        except LeaseLost as lost:
            log.warning("%s", lost)


def process_pending(limit: int = 100) -> int:
    """Claim a batch and process it, renewing the leases of the rest of the batch whenever a
    third of a lease has gone, so a slow batch is never taken over from a live worker."""
    payloads = claim_payloads(limit)
    if not payloads:
        return 0
    renew_at = timezone.now() + lease_length() / 3
    for index, payload in enumerate(payloads):
        if timezone.now() >= renew_at:
            renew_leases(payloads[index:])
            renew_at = timezone.now() + lease_length() / 3
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
    return qs.update(
        status=InboundPayload.Status.PENDING,
        attempts=0,
        claimed_at=None,
        claimed_by="",
        lease_until=None,
    )


LAST_EVENT_EVERY = 1.0  # seconds between updates of Source.last_event_at from one process
_last_event_marks: dict[int, float] = {}


_INSERT_FIELDS = ("source", "external_id", "event_type", "body", "headers", "received_at",
                  "status", "attempts", "error", "claimed_by")  # fmt: skip


def _insert_statement() -> tuple[str, list[Any]]:
    """INSERT … ON CONFLICT DO NOTHING (SQLite ≥ 3.24 and PostgreSQL): the ORM's bulk_create
    with ignore_conflicts costs a third of a webhook's time in query compilation."""
    fields = [InboundPayload._meta.get_field(name) for name in _INSERT_FIELDS]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = quote(InboundPayload._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) ON CONFLICT DO NOTHING"  # noqa: S608
    return sql, fields  # names from the model, values as parameters


def record_webhook(
    source: Source,
    external_id: str,
    body: Any,
    raw_size: int,
    event_type: str,
    raw: bytes | None = None,
) -> None:
    """`record_payload` for the webhooks' hot path: one INSERT that ignores a redelivery.

    Same row as `record_payload` writes; oversized bodies go through `record_payload` (kept,
    truncated, as failed: `raw` as received, or `body` re-encoded when the caller removed a
    secret from it). `last_event_at` is refreshed at most once a second per process.
    """
    if raw_size > settings.MAX_PAYLOAD_BYTES:
        if raw is None:
            raw = json.dumps(body, ensure_ascii=False).encode()
        record_payload(source, external_id, body, raw=raw, event_type=event_type)
        return
    now = timezone.now()
    values = (source.pk, external_id[:255], event_type[:64], storable(body), {}, now,
              InboundPayload.Status.PENDING, 0, "", "")  # fmt: skip
    sql, fields = _insert_statement()
    params = [f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    mark = time.monotonic()
    if _last_event_marks.get(source.pk, 0.0) + LAST_EVENT_EVERY < mark:
        _last_event_marks[source.pk] = mark
        Source.objects.filter(pk=source.pk).update(last_event_at=now)


def record_error(source: Source, error: Exception | str) -> None:
    """Keep the last failure on the source, where the health page shows it.

    A platform's "stop for N seconds" is kept as `cursor["rate_limited_until"]` (ISO time).
    """
    now = timezone.now()
    fields: dict[str, Any] = {"last_error": str(error)[:2000], "last_error_at": now}
    if isinstance(error, RateLimited) and error.retry_after:
        until = now + timedelta(seconds=error.retry_after)
        source.cursor = {**source.cursor, "rate_limited_until": until.isoformat()}
        fields["cursor"] = source.cursor
    Source.objects.filter(pk=source.pk).update(**fields)


def save_cursor(source: Source, **values: Any) -> None:
    """A channel's polling position (and its rate-limit pause), merged into Source.cursor."""
    cursor = {**source.cursor, **values}
    Source.objects.filter(pk=source.pk).update(cursor=cursor)
    source.cursor = cursor


def set_poll_interval(source: Source, seconds: int) -> None:
    Source.objects.filter(pk=source.pk).update(poll_interval=max(seconds, 0))
    source.poll_interval = max(seconds, 0)


def set_token_expiry(source: Source, expires_at: datetime | None) -> None:
    """When the platform's token runs out (the health page warns before)."""
    SourceCredential.objects.filter(source=source).update(expires_at=expires_at)


def record_malformed(source: Source, external_id: str, raw: bytes, error: Exception | str) -> None:
    """Keep what a platform sent that cannot be read: failed at once, visible for review."""
    payload, _ = record_payload(
        source, external_id, raw=raw[: settings.MAX_PAYLOAD_BYTES], event_type="malformed"
    )
    InboundPayload.objects.filter(pk=payload.pk).update(
        status=InboundPayload.Status.FAILED, error=str(error)[:2000], processed_at=timezone.now()
    )
    record_error(source, error)


def save_source_settings(
    name: str,
    kind: str,
    settings: dict[str, Any],
    secrets: dict[str, str],
    title: str = "",
    is_mayor_page: bool = False,
) -> tuple[Source, bool]:
    """Create a source, or update its settings and secrets; (source, created).

    Secrets are merged: a key not given keeps its stored value (rotate one token at a time).
    """
    source, created = Source.objects.get_or_create(
        name=name, defaults={"kind": kind, "title": title or name}
    )
    if source.kind != kind:
        raise ChannelError(f"source {name!r} exists with kind {source.kind!r}")
    source.settings = {**source.settings, **settings}
    source.is_mayor_page = is_mayor_page or source.is_mayor_page
    if title:
        source.title = title
    source.save(update_fields=["settings", "is_mayor_page", "title"])
    credential, _ = SourceCredential.objects.get_or_create(source=source)
    credential.secrets = {**credential.secrets, **{k: v for k, v in secrets.items() if v}}
    credential.updated_at = timezone.now()
    credential.save(update_fields=["secrets", "updated_at"])
    log.info("channel source %s (%s) %s", name, kind, "created" if created else "updated")
    return source, created


def claim_due(limit: int) -> list[Source]:
    """Claim the sources due for polling by moving their next poll forward: one winner."""
    now = timezone.now()
    due = Source.objects.filter(is_active=True, poll_interval__gt=0).filter(
        Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    )
    claimed = []
    for source in due.order_by("next_poll_at")[:limit]:
        won = Source.objects.filter(pk=source.pk, next_poll_at=source.next_poll_at).update(
            next_poll_at=now + timedelta(seconds=source.poll_interval)
        )
        if won:
            claimed.append(source)
    return claimed


IMPORT_BATCH = 1000


def record_rows(source: Source, rows: list[tuple[str, Any]]) -> dict[str, int]:
    """Store imported rows raw, as pending payloads (a row already there is kept as it was);
    returns payload ids by external id. Commits on its own: raw first."""
    with transaction.atomic():
        InboundPayload.objects.bulk_create(
            [
                InboundPayload(
                    source=source,
                    external_id=external_id,
                    event_type="import_row",
                    body=storable(data),
                )
                for external_id, data in rows
            ],
            ignore_conflicts=True,
            batch_size=IMPORT_BATCH,
        )
    found = InboundPayload.objects.filter(
        source=source, external_id__in=[external_id for external_id, _ in rows]
    )
    return dict(found.values_list("external_id", "id"))


# The import's raw rows in one statement (the table and its NOT NULL columns spelt out), written
# done: the importer stores their messages in the same transaction (`requeue_imported` else).
_COPY_PAYLOADS = """
INSERT INTO sources_inboundpayload (source_id, external_id, event_type, body, headers,
    received_at, processed_at, status, attempts, claimed_by, error)
SELECT %s, external_id, 'import_row', body::jsonb, '{}'::jsonb, %s, %s, 'done', 1, '', ''
FROM import_payload_stage ORDER BY line
ON CONFLICT (source_id, external_id) DO NOTHING RETURNING external_id, id
"""
_INSERT_PAYLOADS = """
INSERT OR IGNORE INTO sources_inboundpayload (source_id, external_id, event_type, body, headers,
    received_at, processed_at, status, attempts, claimed_by, error)
VALUES (%s, %s, 'import_row', %s, '{}', %s, %s, 'done', 1, '', '')
"""


def body_json(data: Any) -> str:
    """The row as JSON that jsonb takes: cleaned by `storable` only when it has to be."""
    text = json.dumps(data, ensure_ascii=False)
    if "\\u0000" in text or SURROGATE.search(text):
        text = json.dumps(storable(data), ensure_ascii=False)
    return text


def record_new_rows(source: Source, bodies: list[tuple[str, str]]) -> dict[str, int]:
    """Store imported rows raw, (external id, body as JSON that jsonb takes: `body_json`), in
    one set-based statement, already done: call it in the transaction that stores their
    messages, and `requeue_imported` them if that fails (raw first: the rows stay, for the
    worker). A row whose (source, external id) is already there is kept as it was. Returns the
    ids of the payloads created now, by external id."""
    if not bodies:
        return {}
    now = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            return _record_new_rows_copy(source, bodies, now)
        return _record_new_rows_sqlite(source, bodies, now)


def _record_new_rows_copy(
    source: Source, bodies: list[tuple[str, str]], now: datetime
) -> dict[str, int]:
    stage(
        "import_payload_stage",
        [("line", "int"), ("external_id", "text"), ("body", "text")],
        ((line, external_id, body) for line, (external_id, body) in enumerate(bodies)),
    )
    with connection.cursor() as cursor:
        cursor.execute(_COPY_PAYLOADS, [source.pk, now, now])
        return dict(cursor.fetchall())


def _record_new_rows_sqlite(
    source: Source, bodies: list[tuple[str, str]], now: datetime
) -> dict[str, int]:
    existing = _payload_ids_sqlite(source, [external_id for external_id, _ in bodies])
    fresh = [(e, b) for e, b in bodies if e not in existing]
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.executemany(
            _INSERT_PAYLOADS,
            [(source.pk, external_id, body, stamp, stamp) for external_id, body in fresh],
        )
    return _payload_ids_sqlite(source, [external_id for external_id, _ in fresh])


def _payload_ids_sqlite(source: Source, external_ids: list[str]) -> dict[str, int]:
    """Payload ids by external id, the ids passed as one JSON parameter (not one each)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT external_id, id FROM sources_inboundpayload WHERE source_id = %s"
            " AND external_id IN (SELECT value FROM json_each(%s))",
            [source.pk, json.dumps(external_ids, ensure_ascii=False)],
        )
        return dict(cursor.fetchall())


def record_rejected_rows(source: Source, rows: list[tuple[str, Any, str]]) -> None:
    """Bad rows (external id, data, reason) are kept for review as failed payloads."""
    InboundPayload.objects.bulk_create(
        [
            InboundPayload(
                source=source,
                external_id=external_id,
                event_type="import_row",
                body=storable(data if isinstance(data, dict) else {"value": data}),
                status=InboundPayload.Status.FAILED,
                error=reason,
            )
            for external_id, data, reason in rows
        ],
        ignore_conflicts=True,
    )


def note_import(source: Source) -> None:
    """An import ended: the source's last event is now (committed synchronously)."""
    Source.objects.filter(pk=source.pk).update(last_event_at=timezone.now())


def requeue_imported(payload_ids: list[int]) -> None:
    """Storing these imported rows' messages failed: back to pending, for the worker."""
    InboundPayload.objects.filter(id__in=payload_ids).update(
        status=InboundPayload.Status.PENDING, processed_at=None, attempts=0
    )


def _digest(payload: InboundPayload) -> str:
    """SHA-256 of what was received: the raw bytes, else the body as canonical JSON."""
    if payload.raw:
        data = bytes(payload.raw)
    else:
        data = json.dumps(payload.body, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(data).hexdigest()


def depersonalise_payloads(payload_ids: Sequence[int], mask: Callable[[str], str]) -> int:
    """Retention (otklik.privacy): a platform's raw JSON holds names, ids, profile and photo
    links in fields no one can list in advance, so the body, the raw bytes and the headers are
    dropped rather than masked. What stays: id, source, external_id (so the same event is never
    taken in again), event type, status, dates, and {"erased": true, "sha256": …} of what was
    received; the error is masked by `mask`. Idempotent: an erased body is left as it is."""
    rows = list(
        InboundPayload.objects.filter(id__in=payload_ids).exclude(
            status__in=[InboundPayload.Status.PENDING, InboundPayload.Status.PROCESSING]
        )
    )
    changed = []
    for payload in rows:
        if isinstance(payload.body, dict) and payload.body.get("erased") and not payload.raw:
            continue
        payload.body = {"erased": True, "sha256": _digest(payload)}
        payload.raw = None
        payload.headers = {}
        payload.error = mask(payload.error)
        changed.append(payload)
    InboundPayload.objects.bulk_update(changed, ["body", "raw", "headers", "error"], batch_size=200)
    return len(changed)
