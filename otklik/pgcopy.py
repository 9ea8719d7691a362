"""PostgreSQL's COPY into a temporary staging table: the first half of a set-based write.

The caller then moves the staged rows with one `INSERT … SELECT … ON CONFLICT DO NOTHING
RETURNING …`. The table lives as long as the connection and is emptied at every commit, so
call `stage` inside the transaction that reads it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def stage(table: str, columns: Sequence[tuple[str, str]], rows: Iterable[Sequence[Any]]) -> int:
    """Create `table` (temporary, emptied on commit) if needed and COPY `rows` into it.
    `columns` are (name, SQL type) pairs in the order of each row's values; returns rows staged."""
    names = ", ".join(name for name, _ in columns)
    definition = ", ".join(f"{name} {kind}" for name, kind in columns)
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {table} ({definition}) ON COMMIT DELETE ROWS"
        )
        cursor.execute(f"TRUNCATE {table}")
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def synchronous_commit(on: bool) -> None:
    """PostgreSQL: whether this transaction's COMMIT waits for its WAL to reach the disk
    (`SET LOCAL`, this transaction only). Off is safe where a later synchronous commit follows
    before anyone is told the work is done: flushing that one flushes everything before it,
    and a crash before it loses whole transactions, never part of one."""
    if is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL synchronous_commit TO {'on' if on else 'off'}")
