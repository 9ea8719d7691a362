"""Small nested shapes shared by the resources: a named reference to a row."""

from __future__ import annotations

from typing import Any

from ninja import Schema

from otklik.accounts.models import User


class Ref(Schema):
    """A territory, department, category or campaign: its id, code and name."""

    id: int
    code: str = ""
    name: str


class SourceRef(Schema):
    id: int
    name: str
    title: str
    kind: str


class Person(Schema):
    """A member of staff, as the pages name them."""

    id: int
    name: str


def ref(obj: Any) -> dict[str, Any] | None:
    if obj is None:
        return None
    name = getattr(obj, "name", None) or getattr(obj, "title", "") or str(obj)
    return {
        "id": obj.pk,
        "code": getattr(obj, "code", "") or getattr(obj, "slug", ""),
        "name": name,
    }


def source_ref(source: Any) -> dict[str, Any]:
    return {"id": source.pk, "name": source.name, "title": source.title, "kind": source.kind}


def person(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.username}
