"""MAX updates → message records. Pure functions: no database, no network.

MAX updates carry no update id, so the payload's external id is built from the message id
(`body.mid`) and the update type (`event_id` below). Identifiers:
  message   the platform's mid (e.g. mid.0000…)
  thread    chat{chat_id}  (a dialog, a group chat or a channel)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from otklik.inbox.records import MessageRecord

KINDS = {"dialog": "direct", "chat": "comment", "channel": "post"}


@dataclass
class MaxUpdate:
    type: str
    new: list[MessageRecord] = field(default_factory=list)
    edited: list[MessageRecord] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    @property
    def records(self) -> list[MessageRecord]:
        return self.new + self.edited


def event_id(update: dict[str, Any]) -> str:
    """A stable id for deduplication: the same delivery, polled or pushed, gets the same id."""
    kind = str(update.get("update_type", ""))
    message = update.get("message") if isinstance(update.get("message"), dict) else {}
    mid = (message.get("body") or {}).get("mid") or update.get("message_id")
    if kind == "message_created" and mid:
        return f"{kind}:{mid}"
    if kind == "message_removed" and mid:
        return f"{kind}:{mid}"
    if kind == "message_edited" and mid:
        return f"{kind}:{mid}:{update.get('timestamp', '')}"
    digest = hashlib.sha256(json.dumps(update, sort_keys=True).encode()).hexdigest()[:32]
    return f"{kind}:{digest}"


def parse_update(body: Any) -> MaxUpdate:
    if not isinstance(body, dict) or not isinstance(body.get("update_type"), str):
        raise ValueError("not a MAX update: no `update_type`")
    kind = body["update_type"]
    try:
        if kind == "message_removed":
            return MaxUpdate(kind, deleted=[str(body["message_id"])])
        if kind in ("message_created", "message_edited"):
            record = message_record(body["message"])
            if kind == "message_edited":
                return MaxUpdate(kind, edited=[record])
            return MaxUpdate(kind, new=[record])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"MAX {kind}: missing or malformed field {exc}") from exc
    return MaxUpdate(kind)  # bot_started, chat changes, callbacks: nothing to read


def message_record(message: dict[str, Any]) -> MessageRecord:
    body, recipient = message["body"], message["recipient"]
    sender = message.get("sender") or {}
    chat_id = recipient.get("chat_id")
    link = message.get("link") or {}
    parent = ""
    if link.get("type") == "reply":
        parent = str((link.get("message") or {}).get("mid") or "")
    return MessageRecord(
        external_id=str(body["mid"]),
        text=body.get("text") or "",
        created_at=datetime.fromtimestamp(int(message["timestamp"]) / 1000, tz=UTC),
        kind="reply" if parent else KINDS.get(recipient.get("chat_type", ""), "comment"),
        author_id=str(sender.get("user_id", "")),
        thread_id=f"chat{chat_id}" if chat_id is not None else "",
        parent_id=parent,
        url=message.get("url") or "",
        attachments=[{"type": a.get("type", "")} for a in body.get("attachments") or []],
        views=int((message.get("stat") or {}).get("views") or 0),
    )
