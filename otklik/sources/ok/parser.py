"""Odnoklassniki payloads → message records. Pure functions: no database, no network.

Payload bodies (what the adapter and the webhook store):
  {"type": "topic",   "group_id": G, "topic": <discussions.getList item>}
  {"type": "comment", "group_id": G, "topic_id": T, "comment": <discussions.getComments item>}
  <a Graph bot API webhook as received>  (webhookType MESSAGE_CREATED …)
Identifiers: topic{T}, comment{C}, msg{mid}; threads topic{T} or the chat's id (chat:…).
REST dates are "yyyy-MM-dd HH:mm:ss" in Moscow time; Graph timestamps are ms since the epoch.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from otklik.sources.records import MessageRecord

MOSCOW = timezone(timedelta(hours=3))
OK = "https://ok.ru"


def ok_date(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=MOSCOW).astimezone(UTC)


def event_id(update: dict[str, Any]) -> str:
    """The Graph webhook's own id: the message id, else type and timestamp."""
    mid = (update.get("message") or {}).get("mid") or update.get("mid")
    if mid:
        return f"msg{mid}"
    return f"{update.get('webhookType', 'event')}:{update.get('timestamp', '')}"


def parse_payload(body: Any) -> list[MessageRecord]:
    """Raises ValueError for a body that is none of the shapes above (kept as failed)."""
    if not isinstance(body, dict):
        raise ValueError("не пакет Одноклассников: не объект")
    try:
        if body.get("type") == "topic":
            return [topic_record(body["topic"], str(body["group_id"]))]
        if body.get("type") == "comment":
            return [comment_record(body["comment"], str(body["topic_id"]), str(body["group_id"]))]
        if "webhookType" in body:
            return graph_records(body)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(
            f"Одноклассники {body.get('type') or body.get('webhookType')}: неверное поле {exc}"
        ) from exc
    raise ValueError("не пакет Одноклассников: нет type и webhookType")


def topic_record(topic: dict[str, Any], group_id: str) -> MessageRecord:
    tid = str(topic["object_id"])
    title = str(topic.get("title") or "")
    text = str(topic.get("message") or "")
    url = f"{OK}/group/{group_id}/topic/{tid}"
    return MessageRecord(
        external_id=f"topic{tid}",
        text=f"{title}\n\n{text}".strip() if text and text != title else title,
        created_at=ok_date(topic["creation_date"]),
        kind="post",
        author_id=str(topic.get("owner_uid") or ""),
        thread_id=f"topic{tid}",
        thread_title=title[:200],
        thread_url=url,
        url=url,
        replies=int(topic.get("total_comments_count") or 0),
        likes=int(topic.get("like_count") or 0),
    )


def comment_record(comment: dict[str, Any], topic_id: str, group_id: str) -> MessageRecord:
    cid = str(comment["id"])
    parent = comment.get("reply_to_comment_id")
    url = f"{OK}/group/{group_id}/topic/{topic_id}"
    return MessageRecord(
        external_id=f"comment{cid}",
        text=str(comment.get("text") or ""),
        created_at=ok_date(comment["date"]),
        kind="reply" if parent else "comment",
        author_id=str(comment.get("author_id") or ""),
        thread_id=f"topic{topic_id}",
        thread_url=url,
        parent_id=f"comment{parent}" if parent else f"topic{topic_id}",
        url=url,
        likes=int(comment.get("like_count") or 0),
    )


def graph_records(update: dict[str, Any]) -> list[MessageRecord]:
    if update["webhookType"] != "MESSAGE_CREATED":
        return []  # chat system events, subscriptions: nothing to read
    message = update["message"]
    chat = str(update["recipient"]["chat_id"])
    attachments = [
        {"type": str(a.get("type", "")).lower()} for a in message.get("attachments") or []
    ]
    return [
        MessageRecord(
            external_id=event_id(update),
            text=str(message.get("text") or ""),
            created_at=datetime.fromtimestamp(int(update["timestamp"]) / 1000, tz=UTC),
            kind="direct",
            author_id=str(update["sender"]["user_id"]),
            thread_id=chat,
            attachments=attachments,
        )
    ]
