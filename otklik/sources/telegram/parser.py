"""Telegram updates → message records. Pure functions: no database, no network.

Identifiers (unique per source):
  message   tg{chat}_{message_id}
  thread    post{channel}_{message_id}   a channel post and its discussion-group comments
            chat{chat}[_{thread}]        a private dialog, or a group topic
Comments on a channel post are group messages replying to the post's automatic forward
(`is_automatic_forward`); the automatic forward itself is skipped (the channel_post has it).
A reply to a comment (or to our answer) under the post carries only `message_thread_id`, the
automatic forward's id in the discussion group: the caller's `discussion(chat, thread)` finds
which channel post that forward copies, so the reply stays in the post's thread.
Authors are Telegram's numeric ids (pseudonymous: names are not kept).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from otklik.sources.records import MessageRecord

TME = "https://t.me"
NEW = {"message": False, "channel_post": False, "edited_message": True,
       "edited_channel_post": True}  # fmt: skip


#: (discussion group id, message_thread_id) → (the channel, its post id), or None.
Discussion = Callable[[int, int], tuple[dict[str, Any], int] | None]


@dataclass
class TelegramUpdate:
    type: str
    new: list[MessageRecord] = field(default_factory=list)
    edited: list[MessageRecord] = field(default_factory=list)

    @property
    def records(self) -> list[MessageRecord]:
        return self.new + self.edited


def parse_update(body: Any, discussion: Discussion | None = None) -> TelegramUpdate:
    """Raises ValueError for a body that is not a Telegram update (kept as failed)."""
    if not isinstance(body, dict) or not isinstance(body.get("update_id"), int):
        raise ValueError("не обновление Telegram: нет целого «update_id»")
    kind = next((key for key in body if key != "update_id"), "")
    if kind not in NEW:
        return TelegramUpdate(kind)  # reactions, callbacks, member changes: nothing to read
    message = body[kind]
    if not isinstance(message, dict):
        raise ValueError(f"Telegram {kind}: не объект")
    try:
        record = message_record(message, kind, discussion)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"Telegram {kind}: поле отсутствует или неверно: {exc}") from exc
    if record is None:
        return TelegramUpdate(kind)
    if NEW[kind]:
        return TelegramUpdate(kind, edited=[record])
    return TelegramUpdate(kind, new=[record])


def message_record(
    message: dict[str, Any], kind: str, discussion: Discussion | None = None
) -> MessageRecord | None:
    chat = message["chat"]
    chat_id, mid = int(chat["id"]), int(message["message_id"])
    if message.get("is_automatic_forward"):
        return None
    sender = message.get("from") or message.get("sender_chat") or chat
    record = MessageRecord(
        external_id=f"tg{chat_id}_{mid}",
        text=message.get("text") or message.get("caption") or "",
        created_at=datetime.fromtimestamp(int(message["date"]), tz=UTC),
        author_id=str(sender["id"]),
        attachments=attachments(message),
    )
    reply = message.get("reply_to_message") or {}
    if chat.get("type") == "channel":
        record.kind = "post"
        record.thread_id = f"post{chat_id}_{mid}"
        record.thread_title = record.text[:200]
        record.url = record.thread_url = link(chat, mid)
    elif chat.get("type") == "private":
        record.kind = "direct"
        record.thread_id = f"chat{chat_id}"
    elif reply.get("is_automatic_forward"):
        channel, post = forward_origin(reply)
        record.kind = "comment"
        record.thread_id = f"post{channel['id']}_{post}"
        record.thread_url = link(channel, post)
        record.parent_id = record.thread_id
        record.url = f"{record.thread_url}?comment={mid}" if record.thread_url else ""
    elif (post := _post_of(message, chat_id, discussion)) is not None:
        channel, post_id = post
        record.kind = "reply" if reply else "comment"
        record.thread_id = f"post{channel['id']}_{post_id}"
        record.thread_url = link(channel, post_id)
        record.parent_id = f"tg{chat_id}_{reply['message_id']}" if reply else record.thread_id
        record.url = f"{record.thread_url}?comment={mid}" if record.thread_url else ""
    else:
        topic = message.get("message_thread_id")
        record.kind = "reply" if reply else "comment"
        record.thread_id = f"chat{chat_id}_{topic}" if topic else f"chat{chat_id}"
        record.parent_id = f"tg{chat_id}_{reply['message_id']}" if reply else ""
        record.url = link(chat, mid)
    return record


def _post_of(
    message: dict[str, Any], chat_id: int, discussion: Discussion | None
) -> tuple[dict[str, Any], int] | None:
    """The channel post whose comments this group message is in (not a forum topic)."""
    topic = message.get("message_thread_id")
    if discussion is None or not topic or message.get("is_topic_message"):
        return None
    return discussion(chat_id, int(topic))


def forward_origin(message: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The channel and post an automatic forward copies (Bot API 7.0+ and older fields)."""
    origin = message.get("forward_origin") or {}
    if origin.get("type") == "channel":
        return origin["chat"], int(origin["message_id"])
    return message["forward_from_chat"], int(message["forward_from_message_id"])


def link(chat: dict[str, Any], mid: int) -> str:
    username = chat.get("username")
    return f"{TME}/{username}/{mid}" if username else ""


def attachments(message: dict[str, Any]) -> list[dict[str, Any]]:
    kept = []
    for kind in ("photo", "video", "document", "voice", "audio", "sticker", "location"):
        value = message.get(kind)
        if not value:
            continue
        item = value[-1] if isinstance(value, list) else value
        entry: dict[str, Any] = {"type": kind}
        if isinstance(item, dict) and item.get("file_id"):
            entry["file_id"] = item["file_id"]
        if kind == "location" and isinstance(item, dict):
            entry.update(lat=item.get("latitude"), lon=item.get("longitude"))
        kept.append(entry)
    return kept
