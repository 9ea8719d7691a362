"""Cursor pagination on (sort key, id): stable while rows are added, opaque and signed.

A list answers `{"items": [...], "next": "<cursor>" | null}`; the next page is `?cursor=<next>`
with the same filters. The cursor is the last row's key and id, signed (django.core.signing) and
base64-encoded, so a client can neither read meaning into it nor forge one."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, Q, QuerySet
from ninja import Schema

M = TypeVar("M", bound=Model)

SALT = "otklik.api.cursor"
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
CURSOR_CHARS = 500


class BadCursor(Exception):
    """The cursor was not one of ours (or was made for another list)."""


def encode(name: str, key: Any, pk: int) -> str:
    value = key.isoformat() if hasattr(key, "isoformat") else key
    return signing.dumps([name, value, pk], salt=SALT, compress=False)


def decode(name: str, cursor: str, field: Any) -> tuple[Any, int]:
    try:
        kind, value, pk = signing.loads(cursor, salt=SALT)
        if kind != name or not isinstance(pk, int):
            raise BadCursor
        return field.to_python(value), pk
    except (signing.BadSignature, ValueError, TypeError, DjangoValidationError) as exc:
        raise BadCursor from exc


def page(
    qs: QuerySet[M], *, key: str, descending: bool, cursor: str | None, limit: int
) -> tuple[list[M], str | None]:
    """One page of `qs` ordered by (key, id), and the cursor of the next page (None: the end).

    `name` in the cursor is the model and the key, so a cursor of one list is refused by another.
    """
    field = qs.model._meta.get_field(key)
    name = f"{qs.model._meta.label_lower}:{key}:{'d' if descending else 'a'}"
    sign = "-" if descending else ""
    qs = qs.order_by(f"{sign}{key}", f"{sign}id")
    if cursor:
        after, pk = decode(name, cursor, field)
        op = "lt" if descending else "gt"
        qs = qs.filter(Q(**{f"{key}__{op}": after}) | Q(**{key: after, f"id__{op}": pk}))
    rows = list(qs[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, encode(name, getattr(last, key), last.pk)


class Page(Schema):
    next: str | None = None
