"""VK Callback API events → message records. Pure functions: no database, no network.

Identifiers (unique per source, stable across webhook, Long Poll and backfill):
  post      wall{owner}_{post}            e.g. wall-123_456 (also the thread id)
  comment   comment{owner}_{id}           VK comment ids are unique on one wall
  board     board{owner}_{topic}_{id}     thread topic{owner}_{topic}
  photo, video, market comments  {photo,video,market}comment{owner}_{id}
                                 thread photo{owner}_{photo}, video{owner}_{video},
                                 market{owner}_{item}   (each kind numbers its comments apart)
  message   msg{peer}_{conversation_message_id}   thread dialog{peer}
Authors are VK's numeric ids (pseudonymous: names are not fetched).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from otklik.sources.records import MessageRecord

VK = "https://vk.com"


@dataclass
class VkEvent:
    """What one callback means: new records, edited records, deleted message ids."""

    type: str
    new: list[MessageRecord] = field(default_factory=list)
    edited: list[MessageRecord] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    @property
    def records(self) -> list[MessageRecord]:
        return self.new + self.edited


def parse_event(body: Any) -> VkEvent:
    """Raises ValueError for a body that is not a VK event (kept as failed, for review)."""
    if not isinstance(body, dict) or not isinstance(body.get("type"), str):
        raise ValueError("не событие Callback API ВКонтакте: нет «type»")
    kind, obj = body["type"], body.get("object")
    handler = HANDLERS.get(kind)
    if handler is None:
        return VkEvent(kind)  # likes, joins, photos…: recorded raw, nothing to read
    if not isinstance(obj, dict):
        raise ValueError(f"ВКонтакте {kind}: нет «object» или это не объект")
    try:
        return handler(kind, obj)
    except (KeyError, TypeError) as exc:
        raise ValueError(f"ВКонтакте {kind}: поле отсутствует или неверно: {exc}") from exc


def post_record(post: dict[str, Any]) -> MessageRecord:
    owner, pid = int(post["owner_id"]), int(post["id"])
    key = f"wall{owner}_{pid}"
    author = int(post.get("signer_id") or post.get("from_id") or owner)
    return MessageRecord(
        external_id=key,
        text=post.get("text") or "",
        created_at=timestamp(post["date"]),
        kind="post",
        author_id=str(author),
        author_url=profile_url(author),
        thread_id=key,
        thread_title=(post.get("text") or "")[:200],
        thread_url=f"{VK}/{key}",
        url=f"{VK}/{key}",
        attachments=attachments(post),
        likes=count(post, "likes"),
        reposts=count(post, "reposts"),
        replies=count(post, "comments"),
        views=count(post, "views"),
    )


def comment_record(comment: dict[str, Any]) -> MessageRecord:
    owner = int(comment.get("post_owner_id") or comment["owner_id"])
    post, cid = int(comment["post_id"]), int(comment["id"])
    thread = f"wall{owner}_{post}"
    parent = comment.get("reply_to_comment")
    author = int(comment["from_id"])
    return MessageRecord(
        external_id=comment_id(owner, cid),
        text=comment.get("text") or "",
        created_at=timestamp(comment["date"]),
        kind="reply" if parent else "comment",
        author_id=str(author),
        author_url=profile_url(author),
        thread_id=thread,
        thread_url=f"{VK}/{thread}",
        parent_id=comment_id(owner, int(parent)) if parent else thread,
        url=f"{VK}/{thread}?reply={cid}",
        attachments=attachments(comment),
        likes=count(comment, "likes"),
        replies=count(comment, "thread"),
    )


def comment_id(owner: int, cid: int) -> str:
    return f"comment{owner}_{cid}"


def _wall_post(kind: str, obj: dict[str, Any]) -> VkEvent:
    return VkEvent(kind, new=[post_record(obj)])


def _wall_reply(kind: str, obj: dict[str, Any]) -> VkEvent:
    record = comment_record(obj)
    if kind == "wall_reply_edit":
        return VkEvent(kind, edited=[record])
    return VkEvent(kind, new=[record])


def _wall_reply_delete(kind: str, obj: dict[str, Any]) -> VkEvent:
    return VkEvent(kind, deleted=[comment_id(int(obj["owner_id"]), int(obj["id"]))])


#: Comments under a photo, a video or a goods item: where the event names the item.
MEDIA: dict[str, tuple[str, str]] = {
    "photo": ("photo_owner_id", "photo_id"),
    "video": ("video_owner_id", "video_id"),
    "market": ("market_owner_id", "item_id"),
}


def media_thread(media: str, owner: int, item: int) -> tuple[str, str]:
    """(thread id, its address) of a photo, a video or a goods item."""
    thread = f"{media}{owner}_{item}"
    if media == "market":
        return thread, f"{VK}/market{owner}?w=product{owner}_{item}"
    return thread, f"{VK}/{thread}"


def media_comment_id(media: str, owner: int, cid: int) -> str:
    return f"{media}comment{owner}_{cid}"


def media_comment_record(media: str, comment: dict[str, Any]) -> MessageRecord:
    owner_key, item_key = MEDIA[media]
    owner = int(comment.get(owner_key) or comment["owner_id"])
    item, cid = int(comment[item_key]), int(comment["id"])
    thread, address = media_thread(media, owner, item)
    parent = comment.get("reply_to_comment")
    author = int(comment["from_id"])
    return MessageRecord(
        external_id=media_comment_id(media, owner, cid),
        text=comment.get("text") or "",
        created_at=timestamp(comment["date"]),
        kind="reply" if parent else "comment",
        author_id=str(author),
        author_url=profile_url(author),
        thread_id=thread,
        thread_url=address,
        parent_id=media_comment_id(media, owner, int(parent)) if parent else thread,
        url=address,
        attachments=attachments(comment),
        likes=count(comment, "likes"),
        replies=count(comment, "thread"),
    )


def _media_comment(kind: str, obj: dict[str, Any]) -> VkEvent:
    media, _, action = kind.partition("_comment_")
    if action == "delete":
        owner = int(obj.get("owner_id") or obj[MEDIA[media][0]])
        return VkEvent(kind, deleted=[media_comment_id(media, owner, int(obj["id"]))])
    record = media_comment_record(media, obj)
    if action == "edit":
        return VkEvent(kind, edited=[record])
    return VkEvent(kind, new=[record])


def _message_new(kind: str, obj: dict[str, Any]) -> VkEvent:
    message = obj.get("message", obj)  # API ≥ 5.103 wraps it with client_info
    peer, author = int(message["peer_id"]), int(message["from_id"])
    number = message.get("conversation_message_id") or message["id"]
    return VkEvent(
        kind,
        new=[
            MessageRecord(
                external_id=f"msg{peer}_{number}",
                text=message.get("text") or "",
                created_at=timestamp(message["date"]),
                kind="direct",
                author_id=str(author),
                author_url=profile_url(author),
                thread_id=f"dialog{peer}",
                attachments=attachments(message),
            )
        ],
    )


def _board_post(kind: str, obj: dict[str, Any]) -> VkEvent:
    owner, topic, pid = int(obj["topic_owner_id"]), int(obj["topic_id"]), int(obj["id"])
    author = int(obj["from_id"])
    thread = f"topic{owner}_{topic}"
    record = MessageRecord(
        external_id=f"board{owner}_{topic}_{pid}",
        text=obj.get("text") or "",
        created_at=timestamp(obj["date"]),
        kind="comment",
        author_id=str(author),
        author_url=profile_url(author),
        thread_id=thread,
        thread_url=f"{VK}/{thread}",
        url=f"{VK}/{thread}?post={pid}",
        attachments=attachments(obj),
    )
    if kind == "board_post_edit":
        return VkEvent(kind, edited=[record])
    return VkEvent(kind, new=[record])


def _board_post_delete(kind: str, obj: dict[str, Any]) -> VkEvent:
    owner, topic, pid = int(obj["topic_owner_id"]), int(obj["topic_id"]), int(obj["id"])
    return VkEvent(kind, deleted=[f"board{owner}_{topic}_{pid}"])


HANDLERS = {
    "wall_post_new": _wall_post,
    "wall_repost": _wall_post,
    "wall_reply_new": _wall_reply,
    "wall_reply_edit": _wall_reply,
    "wall_reply_restore": _wall_reply,
    "wall_reply_delete": _wall_reply_delete,
    "message_new": _message_new,
    "board_post_new": _board_post,
    "board_post_edit": _board_post,
    "board_post_restore": _board_post,
    "board_post_delete": _board_post_delete,
    **{
        f"{media}_comment_{action}": _media_comment
        for media in MEDIA
        for action in ("new", "edit", "restore", "delete")
    },
}


def timestamp(value: Any) -> datetime:
    return datetime.fromtimestamp(int(value), tz=UTC)


def profile_url(vk_id: int) -> str:
    return f"{VK}/id{vk_id}" if vk_id > 0 else f"{VK}/club{-vk_id}"


def count(obj: dict[str, Any], key: str) -> int:
    value = obj.get(key)
    if isinstance(value, dict):
        return int(value.get("count") or 0)
    return 0


def attachments(obj: dict[str, Any]) -> list[dict[str, Any]]:
    """Keep the type and a link-able id of each attachment, not the whole blob."""
    kept = []
    for item in obj.get("attachments") or []:
        kind = item.get("type", "")
        inner = item.get(kind) if isinstance(item.get(kind), dict) else {}
        entry = {"type": kind}
        if "owner_id" in inner and "id" in inner:
            entry["id"] = f"{kind}{inner['owner_id']}_{inner['id']}"
        if inner.get("url"):
            entry["url"] = inner["url"]
        kept.append(entry)
    return kept
