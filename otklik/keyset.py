"""Keyset (cursor) paging for long lists, and a count that stays cheap on large ones.

A page is asked for by the last row of the page before it (`?after=`) or the first row of the
page after it (`?before=`): «WHERE (key, id) < (its key, its id) ORDER BY key, id LIMIT n»
walks an index from that point, so page 100 costs what page 1 does (OFFSET reads and throws
away every row before). The ordering is one column plus the primary key, both the same way.

A text search (`search=`, kept apart from the list's other filters) is found in two steps. A
common term: the next `PROBE` rows of the list in its order are read and the matches among them
kept; if they fill the page, they are its rows. A rare one (or one common in the table but rare
in the list, e.g. among open incidents): every match comes from the trigram indexes, then sorted
(on PostgreSQL behind OFFSET 0, so the planner cannot walk the ordered index with the search as
a filter, reading the whole list to find a few rows). Same rows, same order either way.

Counting a large filtered set exactly reads all of it; above `EXACT_UP_TO` rows PostgreSQL's
planner estimate is shown instead («около N»). SQLite counts exactly. A list that fits on its
first page is counted from the page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Model, Q, QuerySet
from django.http import QueryDict

EXACT_UP_TO = 10_000
PROBE = 1_000


@dataclass
class Page:
    items: list[Any]
    has_next: bool
    has_previous: bool
    next_query: str  # the page's URL query: the filters plus after= / before=
    previous_query: str
    count: int
    count_is_estimate: bool

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def object_list(self) -> list[Any]:
        return self.items

    @property
    def shown_count(self) -> str:
        """«1 234», or «около 1 000 000» when estimated (rounded to 3 significant digits)."""
        if not self.count_is_estimate:
            return f"{self.count:,}".replace(",", "\u00a0")
        rounded = round(self.count, 2 - len(str(self.count)) + 1)
        return "около " + f"{rounded:,}".replace(",", "\u00a0")


def _cursor(row: Model, key: str) -> str:
    value = getattr(row, key)
    return f"{value.isoformat() if isinstance(value, datetime) else value}|{row.pk}"


def _parse(text: str, field: Any) -> tuple[Any, int] | None:
    value, _, pk = text.rpartition("|")
    if not pk.isdigit() or not value:
        return None
    try:
        return field.to_python(value), int(pk)
    except ValidationError:  # a hand-edited cursor: the first page
        return None


def _beyond(key: str, value: Any, pk: int, descending: bool) -> Q:
    """Rows after (key, pk) in the walking order; `key <= value` first so an index range is used."""
    if descending:
        return Q(**{f"{key}__lte": value}) & (Q(**{f"{key}__lt": value}) | Q(pk__lt=pk))
    return Q(**{f"{key}__gte": value}) & (Q(**{f"{key}__gt": value}) | Q(pk__gt=pk))


def paginate(qs: QuerySet, size: int, params: QueryDict, search: Q | None = None) -> Page:
    """One page of `qs`, in its own order (a column and the id, e.g. ("-created_at", "-id")),
    from `params`' after= / before= cursor; the page's links keep every other parameter.
    `search`: a text condition on top of `qs`'s filters (see the module's note)."""
    order = tuple(name for name in qs.query.order_by if isinstance(name, str))
    if len(order) != 2 or len(qs.query.order_by) != 2 or order[1].lstrip("-") not in ("id", "pk"):
        # a short list in another order (e.g. nulls last)
        return _numbered(qs if search is None else qs.filter(search), size, params)
    key = order[0].lstrip("-")
    descending = order[0].startswith("-")
    field = qs.model._meta.get_field(key)
    after = _parse(params.get("after", ""), field)
    before = None if after else _parse(params.get("before", ""), field)
    if before:
        walked = qs.filter(_beyond(key, *before, not descending)).order_by(
            *(name[1:] if name.startswith("-") else "-" + name for name in order)
        )
        rows = _rows(qs, walked, size + 1, search)
        items, has_previous, has_next = rows[:size][::-1], len(rows) > size, True
    else:
        walked = qs.filter(_beyond(key, *after, descending)) if after else qs
        rows = _rows(qs, walked.order_by(*order), size + 1, search)
        items, has_next, has_previous = rows[:size], len(rows) > size, bool(after)
    if has_next or has_previous:
        count, estimated = count_rows(qs if search is None else qs.filter(search))
    else:  # the whole list is on this page
        count, estimated = len(items), False
    return Page(
        items=items,
        has_next=has_next,
        has_previous=has_previous,
        next_query=_link(params, "after", _cursor(items[-1], key)) if items else "",
        previous_query=_link(params, "before", _cursor(items[0], key)) if items else "",
        count=count,
        count_is_estimate=estimated,
    )


def _numbered(qs: QuerySet, size: int, params: QueryDict) -> Page:
    """?page=N paging, for short lists whose order is not (column, id)."""
    text = params.get("page", "")
    number = max(int(text), 1) if text.isdigit() else 1
    rows = list(qs[(number - 1) * size : number * size + 1])
    items = rows[:size]
    count, estimated = count_rows(qs)
    return Page(
        items=items,
        has_next=len(rows) > size,
        has_previous=number > 1,
        next_query=_link(params, "page", str(number + 1)),
        previous_query=_link(params, "page", str(number - 1)),
        count=count,
        count_is_estimate=estimated,
    )


def _rows(qs: QuerySet, walked: QuerySet, limit: int, search: Q | None = None) -> list[Any]:
    """The page's ids first (one index walk, no joins), then those rows with their relations:
    the planner never joins the whole filtered set before the LIMIT."""
    ids = _ids(walked, limit) if search is None else _found_ids(walked, limit, search)
    found = {row.pk: row for row in qs.order_by().filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def _ids(walked: QuerySet, limit: int) -> list[Any]:
    return list(walked.values_list("pk", flat=True)[:limit])


def _found_ids(walked: QuerySet, limit: int, search: Q) -> list[Any]:
    """The first `limit` ids of `walked` (ordered) that match `search`: among the next PROBE rows
    when the term is common, else through the search's own indexes, sorted afterwards."""
    first = walked.query.order_by[0]
    key, descending = first.lstrip("-"), first.startswith("-")
    edge = list(walked.values_list(key, "pk")[PROBE - 1 : PROBE])  # the probe's last row
    if not edge:  # fewer rows than the probe: the search filters them as they are walked
        return _ids(walked.filter(search), limit)
    found = _ids(walked.filter(_within(key, *edge[0], descending)).filter(search), limit)
    if len(found) == limit:
        return found
    return _sorted_matches(walked.filter(search), limit)


def _within(key: str, value: Any, pk: int, descending: bool) -> Q:
    """Rows up to (key, pk) in the walking order, that row included: an index range."""
    if descending:
        return Q(**{f"{key}__gte": value}) & (Q(**{f"{key}__gt": value}) | Q(pk__gte=pk))
    return Q(**{f"{key}__lte": value}) & (Q(**{f"{key}__lt": value}) | Q(pk__lte=pk))


def _sorted_matches(walked: QuerySet, limit: int) -> list[Any]:
    """`walked`'s first `limit` ids, its matches collected before they are sorted: OFFSET 0 fences
    the planner off the ordered index (PostgreSQL; SQLite plans the plain query well)."""
    if connections[walked.db].vendor != "postgresql":
        return _ids(walked, limit)
    order = [name for name in walked.query.order_by if isinstance(name, str)]
    columns = [name.lstrip("-") for name in order]
    sql, params = walked.order_by().values_list(columns[1], columns[0]).query.sql_with_params()
    directions = ["DESC" if name.startswith("-") else "ASC" for name in order]
    outer = f"SELECT m.* FROM ({sql} OFFSET 0) AS m ORDER BY 2 {directions[0]}, 1 {directions[1]}"  # noqa: S608 (Django's SQL, values as parameters)
    outer += " LIMIT %s"
    with connections[walked.db].cursor() as cursor:
        cursor.execute(outer, [*params, limit])
        return [row[0] for row in cursor.fetchall()]


def _link(params: QueryDict, name: str, cursor: str) -> str:
    query = params.copy()
    for old in ("after", "before", "page"):
        query.pop(old, None)
    query[name] = cursor
    return query.urlencode()


def count_rows(qs: QuerySet) -> tuple[int, bool]:
    """(rows, whether estimated): exact up to EXACT_UP_TO, else PostgreSQL's planner estimate
    (for an unfiltered list that is the table's pg_class.reltuples, kept by ANALYZE)."""
    connection = connections[qs.db]
    if connection.vendor == "postgresql":
        estimate = planner_rows(qs)
        if estimate > EXACT_UP_TO:
            return estimate, True
    return qs.order_by().count(), False


def planner_rows(qs: QuerySet) -> int:
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])
