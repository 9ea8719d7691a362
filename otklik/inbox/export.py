"""Messages as export rows (`otklik export messages`): one flat dict a message, streamed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from otklik.inbox.models import Message

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


def iso(value: Any) -> str | None:
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
            "created_at": iso(m.created_at),
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
