"""One imported or submitted row (a flat dict) → a MessageRecord, with clear reasons on failure.

Columns: external_id, text, author, created_at (required); author_id, author_url, url, thread,
thread_title, parent_id, kind, territory, address, contact, likes, reposts, replies, views.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from otklik.sources.records import RECORD_KINDS, MessageRecord

REQUIRED = ("external_id", "text", "author", "created_at")
KINDS = set(RECORD_KINDS)
MAX_ID = 255


class RowError(ValueError):
    """A row that cannot become a message; the text says why, in plain words."""


def parse_datetime(value: str) -> datetime:
    text = value.strip()
    if not text:
        raise RowError("created_at не заполнено")
    if text.isdigit():
        return datetime.fromtimestamp(int(text), tz=UTC)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise RowError(f"created_at — не дата и время ISO 8601: {text[:40]!r}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    return moment.astimezone(UTC)


def _count(row: dict[str, Any], key: str) -> int:
    value = row.get(key)
    if value in (None, ""):
        return 0
    try:
        return max(int(value), 0)
    except (TypeError, ValueError) as exc:
        raise RowError(f"{key} должно быть целым числом, а не {str(value)[:20]!r}") from exc


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise RowError(f"{key} должно быть текстом")
    return str(value).replace("\x00", "").strip()


def row_to_record(row: dict[str, Any]) -> MessageRecord:
    if not isinstance(row, dict):
        raise RowError("строка — не объект")
    missing = [key for key in REQUIRED if not _text(row, key)]
    if missing:
        raise RowError("не заполнены обязательные поля: " + ", ".join(missing))
    external_id = _text(row, "external_id")
    if len(external_id) > MAX_ID:
        raise RowError(f"external_id длиннее {MAX_ID} символов")
    kind = _text(row, "kind") or "comment"
    if kind not in KINDS:
        raise RowError(f"kind должен быть одним из: {', '.join(sorted(KINDS))}")
    author = _text(row, "author")
    return MessageRecord(
        external_id=external_id,
        text=_text(row, "text"),
        created_at=parse_datetime(_text(row, "created_at")),
        kind=kind,
        author_id=_text(row, "author_id") or author,
        author_name=author,
        author_url=_text(row, "author_url"),
        thread_id=_text(row, "thread"),
        thread_title=_text(row, "thread_title"),
        thread_url=_text(row, "thread_url"),
        parent_id=_text(row, "parent_id"),
        url=_text(row, "url"),
        likes=_count(row, "likes"),
        reposts=_count(row, "reposts"),
        replies=_count(row, "replies"),
        views=_count(row, "views"),
        territory=_text(row, "territory"),
        address=_text(row, "address"),
        contact=_text(row, "contact"),
        attachments=_attachments(row),
    )


def _attachments(row: dict[str, Any]) -> list[dict[str, Any]]:
    value = row.get("attachments") or []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise RowError("attachments должно быть списком объектов")
    return [{str(k)[:40]: str(v)[:1000] for k, v in item.items()} for item in value[:20]]
