"""Incidents as export rows (`otklik export incidents`): one flat dict an incident, streamed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from otklik.inbox.export import iso
from otklik.incidents.models import Incident

INCIDENT_FIELDS = [
    "id",
    "title",
    "status",
    "resolution",
    "priority",
    "category",
    "department",
    "territory",
    "address",
    "created_at",
    "first_reply_due",
    "final_answer_due",
    "closed_at",
    "resonance",
    "messages",
]


def incident_rows() -> Iterator[dict[str, Any]]:
    qs = (
        Incident.objects.select_related("category", "department", "territory")
        .prefetch_related("messages")
        .order_by("id")
    )
    for i in qs.iterator(chunk_size=500):
        yield {
            "id": i.id,
            "title": i.title,
            "status": i.status,
            "resolution": i.resolution,
            "priority": i.priority,
            "category": i.category.code if i.category else "",
            "department": i.department.code if i.department else "",
            "territory": i.territory.code if i.territory else "",
            "address": i.address_text,
            "created_at": iso(i.created_at),
            "first_reply_due": iso(i.first_reply_due),
            "final_answer_due": iso(i.final_answer_due),
            "closed_at": iso(i.closed_at),
            "resonance": i.resonance,
            "messages": [m.id for m in i.messages.all()],
        }
