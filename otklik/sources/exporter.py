"""`otklik export`: everything back out as JSONL or CSV, streamed."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from otklik.inbox.models import Message
from otklik.incidents.models import Incident

MESSAGE_FIELDS = [
    "id",
    "source",
    "platform",
    "external_id",
    "kind",
    "author",
    "author_id",
    "text",
    "created_at",
    "url",
    "thread",
    "parent_id",
    "territory",
    "address",
    "likes",
    "reposts",
    "replies",
    "views",
    "status",
    "incident",
]
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


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def message_rows() -> Iterator[dict[str, Any]]:
    qs = Message.objects.select_related("source", "author", "thread", "territory").order_by("id")
    for m in qs.iterator(chunk_size=2000):
        yield {
            "id": m.id,
            "source": m.source.name,
            "platform": m.source.kind,
            "external_id": m.external_id,
            "kind": m.kind,
            "author": m.author.display_name if m.author else "",
            "author_id": m.author.external_id if m.author else "",
            "text": m.text,
            "created_at": _iso(m.created_at),
            "url": m.url,
            "thread": m.thread.external_id if m.thread else "",
            "parent_id": m.parent_external_id,
            "territory": m.territory.code if m.territory else "",
            "address": m.address_text,
            "likes": m.likes,
            "reposts": m.reposts,
            "replies": m.replies,
            "views": m.views,
            "status": m.status,
            "incident": m.incident_id,
        }


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
            "created_at": _iso(i.created_at),
            "first_reply_due": _iso(i.first_reply_due),
            "final_answer_due": _iso(i.final_answer_due),
            "closed_at": _iso(i.closed_at),
            "resonance": i.resonance,
            "messages": [m.id for m in i.messages.all()],
        }


def write(kind: str, fmt: str, out: TextIO) -> int:
    rows = message_rows() if kind == "messages" else incident_rows()
    fields = MESSAGE_FIELDS if kind == "messages" else INCIDENT_FIELDS
    count = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    for row in rows:
        if "messages" in row:
            row = {**row, "messages": " ".join(map(str, row["messages"]))}
        writer.writerow(row)
        count += 1
    return count
