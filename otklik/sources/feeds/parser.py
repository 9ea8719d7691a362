"""RSS and Atom documents → feed items; feed items → message records. No network.

feedparser reads the feed (RSS 0.9x, 1.0 and 2.0, Atom; dates in their many spellings, HTML
sanitised). Before it, defusedxml parses the same bytes and refuses any DTD, entity declaration
or external reference (billion laughs, XXE) and any document that is not well-formed XML, so
feedparser only ever sees plain, well-formed XML; the client bounds the size.

An item's id is its guid (RSS) or id (Atom), else its link. Items are kept only when they
mention one of the source's keywords (case-insensitive, ё = е), unless the list is empty.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree
import feedparser

from otklik.sources.htmltext import html_to_text
from otklik.sources.records import MessageRecord

#: The city's names and its settlements; Source.settings["keywords"] overrides, [] keeps all.
DEFAULT_KEYWORDS = ["Северск", "Самусь", "Самуси", "Орловк", "Кижиров", "Семиозерк",
                    "Чернильщиков", "Бабарыкин", "Иглаков", "Келоган", "СХК"]  # fmt: skip

#: Only to word the refusal: expat reads a stray `<!ENTITY` as broken XML, not as a DTD.
DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
BOMB = "Лента: объявления DOCTYPE и ENTITY не принимаются (защита от XML-бомб)"


class FeedError(ValueError):
    """The document is not a feed we can read; the text says why."""


@dataclass
class FeedItem:
    id: str
    title: str
    link: str
    text: str
    published: str  # ISO 8601, or "" when the feed gives no date
    author: str = ""
    feed_title: str = ""

    @property
    def payload_id(self) -> str:
        if len(self.id) <= 200:
            return self.id
        return "sha256:" + hashlib.sha256(self.id.encode()).hexdigest()

    def as_body(self) -> dict[str, Any]:
        return asdict(self)


def parse_feed(data: bytes) -> list[FeedItem]:
    root_tag = checked_root(data)
    # a stream, never the bytes: feedparser would open bytes naming a local file
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version", "").startswith(("rss", "atom")):
        raise FeedError(f"Лента: ни RSS 2.0, ни Atom (корневой элемент {root_tag[:80]!r})")
    feed_title = str(parsed.feed.get("title", "")).strip()
    items = [feed_item(entry, feed_title) for entry in parsed.entries]
    return [item for item in items if item.id]


def checked_root(data: bytes) -> str:
    """The root element's tag of well-formed XML without declarations, or FeedError."""
    try:
        root = defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        raise FeedError(BOMB) from exc
    except ParseError as exc:
        if DECLARATION.search(data):
            raise FeedError(BOMB) from exc
        raise FeedError(f"Лента: испорченный XML ({exc})") from exc
    return str(root.tag)


def feed_item(entry: Any, feed_title: str) -> FeedItem:
    # feedparser lends a permalink guid to an item without <link>; we keep the link empty
    link = "" if entry.get("guidislink") else str(entry.get("link", "")).strip()
    contents = entry.get("content") or []
    body = (contents[0].get("value", "") if contents else "") or entry.get("summary", "")
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    return FeedItem(
        id=str(entry.get("id", "")).strip() or link,
        title=html_to_text(str(entry.get("title", "")).strip()),
        link=link,
        text=html_to_text(str(body).strip()),
        published=utc_iso(when),
        author=str(entry.get("author", "")).strip(),
        feed_title=feed_title,
    )


def utc_iso(when: time.struct_time | None) -> str:
    """feedparser's dates are UTC struct_times; "" when the feed gives none."""
    if when is None:
        return ""
    return datetime(*when[:6], tzinfo=UTC).isoformat(timespec="seconds")


def fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


def mentions(item: FeedItem, keywords: list[str]) -> bool:
    if not keywords:
        return True
    haystack = fold(f"{item.title}\n{item.text}")
    return any(fold(word) in haystack for word in keywords if word.strip())


def item_record(body: dict[str, Any], received: datetime) -> MessageRecord:
    """A stored item (FeedItem.as_body) → an article; raises ValueError when it is not one."""
    try:
        item = FeedItem(**body)
    except TypeError as exc:
        raise ValueError(f"не запись ленты: {exc}") from exc
    created = datetime.fromisoformat(item.published) if item.published else received
    text = f"{item.title}\n\n{item.text}".strip()
    host = urlsplit(item.link).hostname or ""
    return MessageRecord(
        external_id=item.payload_id,
        text=text,
        created_at=created,
        kind="article",
        author_id=host,
        author_name=item.feed_title or host,
        author_url=f"https://{host}/" if host else "",
        thread_id=f"article:{item.payload_id}",
        thread_title=item.title[:200],
        thread_url=item.link,
        url=item.link,
    )
