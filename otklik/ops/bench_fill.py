"""The dashboard benchmark's rows, set-based on PostgreSQL: one `INSERT … SELECT … FROM
generate_series` per table, the random draws made by the server (`setseed` first, so a run is
repeatable). A million incidents take seconds instead of the minutes `bulk_create` needs.

The draws follow otklik.ops.bench_dashboard's Python ones (used on SQLite): a created moment
uniform over DAYS days, the category (and its default department) and the territory uniform,
the final answer after an exponential wait of 100 hours (90 % of those in the past closed), the
first reply after an exponential 300 minutes, 3 % reopened an hour after; messages uniform over
the same days, channels and territories. The columns not drawn take their model's default.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection, models

from otklik.inbox.models import Message
from otklik.incidents.models import Incident
from otklik.incidents.states import Resolution, Status

INCIDENT_ROWS = """
SELECT d.*, closes AND created + to_close < now() AS done FROM (
    SELECT n,
           %(start)s::timestamptz + random() * %(span)s * interval '1 second' AS created,
           1 + floor(random() * %(categories)s)::int AS c,
           1 + floor(random() * %(territories)s)::int AS t,
           -ln(1 - random()) * 100 * interval '1 hour' AS to_close,
           random() < 0.9 AS closes,
           -ln(1 - random()) * 300 * interval '1 minute' AS to_reply,
           random() < 0.03 AS reopens
    FROM generate_series(1, %(n)s) AS n
) d
"""
INCIDENT_COLUMNS = {
    "title": "'Яма на дороге'",
    "category_id": "(%(category_ids)s::bigint[])[c]",
    "department_id": "(%(department_ids)s::bigint[])[c]",
    "territory_id": "(%(territory_ids)s::bigint[])[t]",
    "created_at": "created",
    "updated_at": "created",
    "first_reply_due": "created + interval '8 hours'",
    "final_answer_due": "created + interval '10 days'",
    "first_replied_at": "created + to_reply",
    "status": "CASE WHEN done THEN %(closed)s ELSE %(in_work)s END",
    "resolution": "CASE WHEN done THEN %(resolved)s ELSE '' END",
    "closed_at": "CASE WHEN done THEN created + to_close END",
    "reopened_at": "CASE WHEN reopens THEN created + interval '1 hour' END",
}
MESSAGE_COLUMNS = {
    "source_id": "(%(source_ids)s::bigint[])[1 + floor(random() * %(sources)s)::int]",
    "external_id": "'bench-' || n",
    "text": "%(text)s",
    "search_text": "lower(%(text)s)",
    "created_at": "created",
    "received_at": "created",
    "territory_id": "(%(territory_ids)s::bigint[])[1 + floor(random() * %(territories)s)::int]",
}
TEXT = "Не вывозят мусор уже неделю"


def _defaults(model: type[models.Model], drawn: dict[str, str]) -> tuple[list[str], list[str]]:
    """Every column but the key: its SQL expression, drawn or its default as a parameter."""
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.column in drawn:
            continue
        default = field.get_db_prep_save(field.get_default(), connection)
        columns.append(field.column)
        values.append(_literal(default))
    return [*drawn, *columns], [*drawn.values(), *values]


def _literal(value: Any) -> str:
    """A default as SQL: they are few and simple (empty strings, zeros, booleans, [])."""
    with connection.cursor() as cursor:
        return cursor.mogrify("%s", [value]).replace("%", "%%")


def _insert(model: type[models.Model], names: list[str], values: list[str], rows: str) -> str:
    """INSERT … SELECT the columns' expressions over `rows`, in the order of time."""
    table, columns, exprs = model._meta.db_table, ", ".join(names), ", ".join(values)
    return f"INSERT INTO {table} ({columns}) SELECT {exprs} FROM ({rows}) s ORDER BY created"  # noqa: S608 (names from the model, values as parameters)


def fill_incidents(
    n: int, start: datetime, span_seconds: int, categories: list, territories: list
) -> None:
    names, values = _defaults(Incident, INCIDENT_COLUMNS)
    params = {
        "n": n,
        "start": start,
        "span": span_seconds,
        "categories": len(categories),
        "territories": len(territories),
        "category_ids": [c.pk for c in categories],
        "department_ids": [c.default_department_id for c in categories],
        "territory_ids": [t.pk for t in territories],
        "closed": Status.CLOSED.value,
        "in_work": Status.IN_WORK.value,
        "resolved": Resolution.RESOLVED.value,
    }
    sql = _insert(Incident, names, values, INCIDENT_ROWS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.11)")
        cursor.execute(sql, params)


def fill_messages(
    n: int, start: datetime, span_seconds: int, sources: list, territories: list
) -> None:
    names, values = _defaults(Message, MESSAGE_COLUMNS)
    params = {
        "start": start,
        "span": span_seconds,
        "text": TEXT,
        "sources": len(sources),
        "source_ids": [s.pk for s in sources],
        "territories": len(territories),
        "territory_ids": [t.pk for t in territories],
        "n": n,
    }
    rows = (
        "SELECT n, %(start)s::timestamptz + random() * %(span)s * interval '1 second' AS created "
        "FROM generate_series(1, %(n)s) AS n"
    )
    sql = _insert(Message, names, values, rows)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.12)")
        cursor.execute(sql, params)
        cursor.execute(f"ANALYZE {Incident._meta.db_table}, {Message._meta.db_table}")
