"""Our categories as the spec's services: the topics residents choose from, each under its group.

A service is an active category without active subcategories (a topic, or a group that has none);
`group` is its parent's name. No service needs extra fields (`metadata` false), and a request
gets a token, not an id, since an incident is made from it later (`type` batch, see `intake`).
"""

from __future__ import annotations

from typing import Any

from otklik.cities.models import Category

#: The spec's `type`: «batch: a token will be returned immediately after the service request is
#: submitted. This token can then be later used to return the service request ID».
TYPE = "batch"


def services() -> list[Category]:
    """Active categories without active children, by group and name: one query."""
    active = list(Category.objects.filter(is_active=True).select_related("parent"))
    parents = {category.parent_id for category in active if category.parent_id}
    return [category for category in active if category.pk not in parents]


def service(code: str) -> Category | None:
    return next((category for category in services() if category.code == code), None)


def service_record(category: Category) -> dict[str, Any]:
    """One <service>, its fields in the spec's order."""
    keywords = category.keywords if isinstance(category.keywords, list) else []
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": False,
        "type": TYPE,
        "keywords": ", ".join(str(word) for word in keywords),
        "group": category.parent.name if category.parent else None,
    }


def definition_record(category: Category) -> dict[str, Any]:
    """The <service_definition>: no attributes, as `metadata` false promises."""
    return {"service_code": category.code, "attributes": []}
