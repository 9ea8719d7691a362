"""`otklik import`: CSV (with a header) or JSONL of messages, raw first, idempotent."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from otklik import progress
from otklik.pgcopy import synchronous_commit
from otklik.sources.actions import (
    body_json,
    note_import,
    record_new_rows,
    record_rejected_rows,
    requeue_imported,
)
from otklik.sources.models import Source
from otklik.sources.records import MessageRecord
from otklik.sources.rows import RowError, row_to_record
from otklik.sources.store import message_store

CHUNK = 5000
MAX_LINE_BYTES = 1_000_000
csv.field_size_limit(MAX_LINE_BYTES)


@dataclass
class ImportReport:
    new: int = 0
    duplicate: int = 0
    rejected: int = 0
    reasons: list[tuple[int, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "duplicate": self.duplicate,
            "rejected": self.rejected,
            "rejected_rows": [{"line": line, "reason": reason} for line, reason in self.reasons],
        }


@dataclass
class Row:
    line: int
    data: Any
    error: str = ""
    body: str = ""  # the line itself when it is JSON that jsonb takes as it is


#: What jsonb refuses or `storable` cleans: NUL and (lone) surrogates, written as escapes.
_UNSTORABLE = re.compile(r"\\u(0000|[dD][89a-fA-F])")


def detect_format(path: Path, declared: str | None) -> str:
    if declared:
        return declared
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    return "csv"


def read_jsonl(stream: io.BufferedReader) -> Iterator[Row]:
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        if len(raw) > MAX_LINE_BYTES:
            yield Row(
                number, {"raw": raw[:200].decode("utf-8", "replace")}, "строка слишком длинная"
            )
            continue
        try:
            text = raw.decode("utf-8")
            data = json.loads(text)
        except UnicodeDecodeError:
            yield Row(number, {"raw": raw[:2000].decode("utf-8", "replace")}, "не UTF-8")
            continue
        except json.JSONDecodeError as exc:
            yield Row(
                number,
                {"raw": raw[:2000].decode("utf-8", "replace")},
                f"не JSON: ошибка в позиции {exc.colno}",
            )
            continue
        yield Row(number, data, body="" if _UNSTORABLE.search(text) else text.strip())


def read_csv(stream: io.BufferedReader) -> Iterator[Row]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.DictReader(text)
    for row in reader:
        line = reader.line_num
        if None in row:
            extra = row.pop(None)
            yield Row(line, {**row, "extra": extra}, "значений больше, чем столбцов в заголовке")
            continue
        yield Row(line, row)


def _rejected_id(row: Row) -> str:
    data = row.data if isinstance(row.data, dict) else {}
    given = str(data.get("external_id") or "").strip()
    if given and len(given) <= 255:
        return given
    digest = hashlib.sha1(
        json.dumps(row.data, ensure_ascii=False, sort_keys=True, default=str).encode(),
        usedforsecurity=False,
    )
    return f"rejected:{digest.hexdigest()}"


def _given_id(row: Row) -> str:
    if row.error or not isinstance(row.data, dict):
        return ""
    value = row.data.get("external_id")
    return value.strip() if isinstance(value, str) else str(value or "").strip()


def _imported_before(source: Source, rows: list[Row]) -> set[int]:
    """Lines of rows whose payload was stored and not rejected by an earlier import: duplicates,
    counted without parsing them again (a replay is one query per chunk)."""
    ids = {_given_id(row): row.line for row in rows}
    ids.pop("", None)
    if not ids:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(_IMPORTED_BEFORE[connection.vendor], _id_list(source, ids))
        return {ids[external_id] for (external_id,) in cursor.fetchall()}


# One parameter for the whole chunk's ids (an array, or JSON on SQLite), not one per id: the
# ORM's `__in` of 5,000 ids cost more than the query itself (docs/benchmarks.md).
_IMPORTED_BEFORE = {
    "postgresql": "SELECT external_id FROM sources_inboundpayload WHERE source_id = %s"
    " AND external_id = ANY(%s) AND status <> 'failed'",
    "sqlite": "SELECT external_id FROM sources_inboundpayload WHERE source_id = %s"
    " AND external_id IN (SELECT value FROM json_each(%s)) AND status <> 'failed'",
}


def _id_list(source: Source, ids: dict[str, int]) -> list[Any]:
    if connection.vendor == "postgresql":
        return [source.pk, list(ids)]
    return [source.pk, json.dumps(list(ids), ensure_ascii=False)]


def _import_chunk(
    source: Source,
    rows: list[Row],
    report: ImportReport,
    seen: set[str],
    territories: dict[str, int],
) -> None:
    valid: list[tuple[Row, MessageRecord]] = []
    bad: list[Row] = []
    known = _imported_before(source, rows)
    for row in rows:
        if row.line in known:
            report.duplicate += 1
            continue
        if not row.error:
            try:
                valid.append((row, row_to_record(row.data)))
                continue
            except RowError as exc:
                row.error = str(exc)
        bad.append(row)
    for row in bad:
        report.reasons.append((row.line, row.error))
    report.rejected += len(bad)
    if bad:
        record_rejected_rows(
            source,
            [(_rejected_id(row), row.data, f"строка {row.line}: {row.error}") for row in bad],
        )

    fresh: list[tuple[Row, MessageRecord]] = []
    for row, record in valid:
        if record.external_id in seen:
            report.duplicate += 1
            continue
        seen.add(record.external_id)
        fresh.append((row, record))
    if fresh:
        _store_fresh(source, fresh, report, territories)


def _store_fresh(
    source: Source,
    fresh: list[tuple[Row, MessageRecord]],
    report: ImportReport,
    territories: dict[str, int],
) -> None:
    """Raw rows and their messages in one transaction, the rows written done (no second pass
    over them). Raw first still holds: the messages are stored under a savepoint, and if that
    fails the rows are committed back to pending, for the worker, before the error goes on.
    Only the rows whose payload is created now go on; the others were imported before.

    The chunk commits without waiting for the disk; `import_stream` ends with a synchronous
    commit that makes every chunk before it durable, and so does a requeue."""
    failure: Exception | None = None
    with transaction.atomic():
        synchronous_commit(False)
        payload_ids = record_new_rows(
            source, [(record.external_id, row.body or body_json(row.data)) for row, record in fresh]
        )
        report.duplicate += len(fresh) - len(payload_ids)
        records = [record for _, record in fresh if record.external_id in payload_ids]
        try:
            with transaction.atomic():
                message_store().store(
                    source, records, [payload_ids[r.external_id] for r in records], territories
                )
        except Exception as exc:  # re-raised below, once the rows are kept
            requeue_imported(list(payload_ids.values()))
            synchronous_commit(True)
            failure = exc
    if failure is not None:
        raise failure
    report.new += len(records)


def import_stream(
    source: Source, stream: io.BufferedReader, fmt: str, total: int | None = None
) -> ImportReport:
    report = ImportReport()
    rows = read_jsonl(stream) if fmt == "jsonl" else read_csv(stream)
    seen: set[str] = set()
    territories = message_store().territories()
    with progress.bar(total, "Импорт") as advance:
        while chunk := list(islice(rows, CHUNK)):
            _import_chunk(source, chunk, report, seen, territories)
            advance(len(chunk))
    # A synchronous commit: every chunk committed before it is on disk when this returns.
    note_import(source)
    return report


def _lines(stream: io.BufferedReader) -> int:
    """Lines in the file (rows, near enough, for the progress bar); the stream is rewound."""
    count = sum(1 for _ in stream)
    stream.seek(0)
    return count


def import_file(source: Source, path: Path, fmt: str | None = None) -> ImportReport:
    fmt = detect_format(path, fmt)
    with path.open("rb") as stream:
        total = _lines(stream) - (fmt == "csv") if progress.enabled() else None
        return import_stream(source, stream, fmt, total)
