"""Many records → authors, threads and messages in a few set-based statements.

`inbox.actions.store_messages` (the only caller) prepares the rows; on PostgreSQL they are
COPYed into a staging table and moved by `INSERT … SELECT … ON CONFLICT DO NOTHING`; on
SQLite by `executemany` of `INSERT OR IGNORE`. Both keep what is already there as it was
(idempotent on (source, external id)); for an author or thread named twice in one batch the
last row's name and link win, as they did with the ORM.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from django.db import connection

from otklik.inbox.models import Author, Thread
from otklik.pgcopy import stage
from otklik.sources.storable import storable


class Row(NamedTuple):
    line: int
    external_id: str
    payload_id: int | None
    kind: str
    author_key: str
    author_name: str
    author_url: str
    thread_key: str
    thread_title: str
    thread_url: str
    parent_external_id: str
    text: str
    search_text: str
    created_at: datetime
    url: str
    attachments: str  # JSON
    likes: int
    reposts: int
    replies: int
    views: int
    territory_id: int | None
    address_text: str
    contact: str


_TYPES = {"line": "int", "payload_id": "bigint", "territory_id": "bigint"}
_TYPES |= {"created_at": "timestamptz", "likes": "int", "reposts": "int"}
_TYPES |= {"replies": "int", "views": "int"}
STAGE_COLUMNS = [(name, _TYPES.get(name, "text")) for name in Row._fields]

_COPY_AUTHORS = """
INSERT INTO inbox_author (source_id, external_id, display_name, profile_url, is_closed_profile)
SELECT DISTINCT ON (author_key) %s, author_key, author_name, author_url, false
FROM inbox_stage WHERE author_key <> '' ORDER BY author_key, line DESC
ON CONFLICT (source_id, external_id) DO NOTHING
"""
_COPY_THREADS = """
INSERT INTO inbox_thread (source_id, external_id, title, url)
SELECT DISTINCT ON (thread_key) %s, thread_key, thread_title, thread_url
FROM inbox_stage WHERE thread_key <> '' ORDER BY thread_key, line DESC
ON CONFLICT (source_id, external_id) DO NOTHING
"""
_MESSAGE_COLUMNS = """source_id, payload_id, external_id, kind, author_id, thread_id,
    parent_external_id, text, search_text, created_at, received_at, url, attachments, likes,
    reposts, replies, views, territory_id, address_text, contact, is_deleted, status"""
_COPY_MESSAGES = f"""
INSERT INTO inbox_message ({_MESSAGE_COLUMNS})
SELECT %s, s.payload_id, s.external_id, s.kind, a.id, t.id, s.parent_external_id, s.text,
    s.search_text, s.created_at, %s, s.url, s.attachments::jsonb, s.likes, s.reposts,
    s.replies, s.views, s.territory_id, s.address_text, s.contact, false, 'new'
FROM inbox_stage s
LEFT JOIN inbox_author a ON a.source_id = %s AND a.external_id = s.author_key
    AND s.author_key <> ''
LEFT JOIN inbox_thread t ON t.source_id = %s AND t.external_id = s.thread_key
    AND s.thread_key <> ''
ORDER BY s.line
ON CONFLICT (source_id, external_id) DO NOTHING
"""  # noqa: S608 (column names only)
_INSERT_AUTHORS = """
INSERT OR IGNORE INTO inbox_author (source_id, external_id, display_name, profile_url,
    is_closed_profile) VALUES (%s, %s, %s, %s, 0)
"""
_INSERT_THREADS = """
INSERT OR IGNORE INTO inbox_thread (source_id, external_id, title, url) VALUES (%s, %s, %s, %s)
"""
_INSERT_MESSAGES = f"""
INSERT OR IGNORE INTO inbox_message ({_MESSAGE_COLUMNS})
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 0, 'new')
"""  # noqa: S608 (column names only)


def attachments_json(attachments: list) -> str:
    return json.dumps(storable(attachments), ensure_ascii=False) if attachments else "[]"


def write_rows(source_id: int, rows: Sequence[Row], received_at: datetime) -> int:
    """Store the rows not stored yet; returns how many messages are new. Call in a transaction."""
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        return _write_copy(source_id, rows, received_at)
    return _write_sqlite(source_id, rows, received_at)


def _write_copy(source_id: int, rows: Sequence[Row], received_at: datetime) -> int:
    stage("inbox_stage", STAGE_COLUMNS, rows)
    with connection.cursor() as cursor:
        cursor.execute(_COPY_AUTHORS, [source_id])
        cursor.execute(_COPY_THREADS, [source_id])
        cursor.execute(_COPY_MESSAGES, [source_id, received_at, source_id, source_id])
        return cursor.rowcount


def _ids(model: type[Author] | type[Thread], source_id: int, keys: list[str]) -> dict[str, int]:
    """Ids by external id, the keys passed as one JSON parameter (the ORM's `__in` of 5,000
    keys cost more than the query)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT external_id, id FROM {table} WHERE source_id = %s"  # noqa: S608 (model's table)
            " AND external_id IN (SELECT value FROM json_each(%s))",
            [source_id, json.dumps(keys, ensure_ascii=False)],
        )
        return dict(cursor.fetchall())


def _write_sqlite(source_id: int, rows: Sequence[Row], received_at: datetime) -> int:
    stamp = connection.ops.adapt_datetimefield_value
    authors = {r.author_key: (r.author_name, r.author_url) for r in rows if r.author_key}
    threads = {r.thread_key: (r.thread_title, r.thread_url) for r in rows if r.thread_key}
    with connection.cursor() as cursor:
        cursor.executemany(
            _INSERT_AUTHORS, [(source_id, key, *values) for key, values in authors.items()]
        )
        cursor.executemany(
            _INSERT_THREADS, [(source_id, key, *values) for key, values in threads.items()]
        )
        author_ids = _ids(Author, source_id, list(authors))
        thread_ids = _ids(Thread, source_id, list(threads))
        received = stamp(received_at)
        cursor.executemany(
            _INSERT_MESSAGES,
            [
                (
                    source_id,
                    r.payload_id,
                    r.external_id,
                    r.kind,
                    author_ids.get(r.author_key),
                    thread_ids.get(r.thread_key),
                    r.parent_external_id,
                    r.text,
                    r.search_text,
                    stamp(r.created_at),
                    received,
                    r.url,
                    r.attachments,
                    r.likes,
                    r.reposts,
                    r.replies,
                    r.views,
                    r.territory_id,
                    r.address_text,
                    r.contact,
                )
                for r in rows
            ],
        )
        return cursor.rowcount
