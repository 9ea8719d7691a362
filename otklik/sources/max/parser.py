"""MAX updates → message records. Pure functions: no database, no network.

MAX updates carry no update id, so the payload's external id is built from the message id
(`body.mid`) and the update type (`event_id` below). Identifiers:
  message   the platform's mid (e.g. mid.0000…)
  thread    chat{chat_id}  (a dialog or a group chat)
            chat{chat_id}:{post mid}  (a channel post and the comments under it)

Comments on the channel's posts come as their own updates, `comment_created`,
`comment_edited` and `comment_removed`, each naming the post (`post_id`, the post's mid);
the comment is a CommentMessage: a message without attachments whose `sender` is null when
the channel itself commented, and whose `link` can only be a reply to another comment.
A forwarded message (`link.type == "forward"`) has an empty body text: the text is the
forwarded message's, in `link.message.text`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from otklik.sources.records import MessageRecord

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
    if kind in ("message_created", "message_removed", "comment_created", "comment_removed") and mid:
        return f"{kind}:{mid}"
    if kind in ("message_edited", "comment_edited") and mid:
        return f"{kind}:{mid}:{update.get('timestamp', '')}"
    digest = hashlib.sha256(json.dumps(update, sort_keys=True).encode()).hexdigest()[:32]
    return f"{kind}:{digest}"


def parse_update(body: Any) -> MaxUpdate:
    if not isinstance(body, dict) or not isinstance(body.get("update_type"), str):
        raise ValueError("не обновление MAX: нет «update_type»")
    kind = body["update_type"]
    try:
        if kind in ("message_removed", "comment_removed"):
            return MaxUpdate(kind, deleted=[str(body["message_id"])])
        if kind in ("message_created", "message_edited"):
            record = message_record(body["message"])
        elif kind in ("comment_created", "comment_edited"):
            record = comment_record(body["message"], str(body["post_id"]))
        else:
            return MaxUpdate(kind)  # bot_started, chat changes, callbacks: nothing to read
        if kind.endswith("_edited"):
            return MaxUpdate(kind, edited=[record])
        return MaxUpdate(kind, new=[record])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"MAX {kind}: поле отсутствует или неверно: {exc}") from exc


def message_record(message: dict[str, Any]) -> MessageRecord:
    body, recipient = message["body"], message["recipient"]
    sender = message.get("sender") or {}
    chat_id = recipient.get("chat_id")
    link = message.get("link") or {}
    linked = link.get("message") or {}
    parent = str(linked.get("mid") or "") if link.get("type") == "reply" else ""
    text = body.get("text") or ""
    if link.get("type") == "forward" and not text:
        text = linked.get("text") or ""
    chat_type = recipient.get("chat_type", "")
    thread = f"chat{chat_id}" if chat_id is not None else ""
    if chat_type == "channel" and thread:
        thread = f"{thread}:{body['mid']}"  # each post is a thread for its comments
    return MessageRecord(
        external_id=str(body["mid"]),
        text=text,
        created_at=datetime.fromtimestamp(int(message["timestamp"]) / 1000, tz=UTC),
        kind="reply" if parent else KINDS.get(chat_type, "comment"),
        author_id=str(sender.get("user_id", "")),
        author_name=str(sender.get("name") or sender.get("first_name") or ""),
        thread_id=thread,
        parent_id=parent,
        url=message.get("url") or "",
        attachments=[{"type": a.get("type", "")} for a in body.get("attachments") or []],
        views=int((message.get("stat") or {}).get("views") or 0),
    )


def comment_record(comment: dict[str, Any], post_id: str) -> MessageRecord:
    """A comment under the channel post `post_id`: threaded under the post, its parent."""
    body, recipient = comment["body"], comment["recipient"]
    sender = comment.get("sender") or {}  # null: the channel itself commented
    link = comment.get("link") or {}
    parent = ""
    if link.get("type") == "reply":
        parent = str((link.get("message") or {}).get("mid") or "")
    return MessageRecord(
        external_id=str(body["mid"]),
        text=body.get("text") or "",
        created_at=datetime.fromtimestamp(int(comment["timestamp"]) / 1000, tz=UTC),
        kind="reply" if parent else "comment",
        author_id=str(sender.get("user_id", "")),
        author_name=str(sender.get("name") or sender.get("first_name") or ""),
        thread_id=f"chat{recipient['chat_id']}:{post_id}",
        parent_id=parent or post_id,
        url=comment.get("url") or "",
    )
