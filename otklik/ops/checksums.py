"""What a database holds, as figures two copies can be compared by: rows and a checksum per table.

Each table is read in primary-key order (its first column) in chunks, every row's values hashed
as text; a restored copy equals the original when every table's count and checksum agree. The
comparison is meaningful between copies on the same engine (SQLite or PostgreSQL), which is what
a backup and its restore are.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

from django.db import connection

from otklik.progress import track

CHUNK = 2000


def table_figures() -> dict[str, dict[str, Any]]:
    """{table: {"rows": n, "sha256": hex}} for every table of the configured database."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        quote = connection.ops.quote_name
        tables = track(tables, description="Контрольные суммы таблиц")
        return {table: _figures(cursor, quote(table)) for table in tables}


def file_figures(path: Path) -> dict[str, dict[str, Any]]:
    """The same figures of an SQLite file, read raw (no type converters): the copy a backup
    writes, and the copy a restore is checked through."""
    raw = sqlite3.connect(path)
    try:
        cursor = raw.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        tables = [name for (name,) in cursor.fetchall() if not name.startswith("sqlite_")]
        tables = track(tables, description="Контрольные суммы таблиц")
        return {table: _figures(raw.cursor(), f'"{table}"') for table in tables}
    finally:
        raw.close()


def _figures(cursor: Any, quoted: str) -> dict[str, Any]:
    digest = hashlib.sha256()
    rows = 0
    cursor.execute(f"SELECT * FROM {quoted} ORDER BY 1")  # noqa: S608 (a table name, quoted)
    while batch := cursor.fetchmany(CHUNK):
        for row in batch:
            digest.update(repr(tuple(_plain(v) for v in row)).encode())
            rows += 1
    return {"rows": rows, "sha256": digest.hexdigest()}


def _plain(value: Any) -> Any:
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def differences(expected: dict[str, dict[str, Any]], found: dict[str, dict[str, Any]]) -> list[str]:
    """Russian lines naming each table whose rows or checksum differ; empty when equal."""
    lines = []
    for table in sorted(set(expected) | set(found)):
        want, got = expected.get(table), found.get(table)
        if want is None:
            lines.append(f"{table}: таблицы нет в копии")
        elif got is None:
            lines.append(f"{table}: таблица из копии не восстановлена")
        elif want["rows"] != got["rows"]:
            lines.append(f"{table}: строк {got['rows']}, в копии {want['rows']}")
        elif want["sha256"] != got["sha256"]:
            lines.append(f"{table}: строк столько же ({got['rows']}), но содержимое другое")
    return lines
