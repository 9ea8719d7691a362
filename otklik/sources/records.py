"""A normalised message as a channel or an import hands it over, before it is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class MessageRecord:
    external_id: str
    text: str
    created_at: datetime
    kind: str = "comment"
    author_id: str = ""
    author_name: str = ""
    author_url: str = ""
    thread_id: str = ""
    thread_title: str = ""
    thread_url: str = ""
    parent_id: str = ""
    url: str = ""
    attachments: list[dict[str, Any]] = field(default_factory=list)
    likes: int = 0
    reposts: int = 0
    replies: int = 0
    views: int = 0
    territory: str = ""
    address: str = ""
    contact: str = ""


#: The kinds a record may have (inbox.Message.Kind holds the same values, with their names).
RECORD_KINDS = ("post", "comment", "reply", "direct", "email", "form", "article")
