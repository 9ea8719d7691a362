"""RSS 2.0 and Atom documents → feed items; feed items → message records. No network.

Safety: the standard library's ElementTree expands internal entities, so any document with a
DOCTYPE or ENTITY declaration is refused before parsing (billion laughs, external entities),
and the size is bounded by the client.

An item's id is its guid (RSS) or id (Atom), else its link. Items are kept only when they
mention one of the source's keywords (case-insensitive, ё = е), unless the list is empty.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from otklik.sources.htmltext import html_to_text
from otklik.sources.records import MessageRecord

#: The city's names and its settlements; Source.settings["keywords"] overrides, [] keeps all.
DEFAULT_KEYWORDS = ["Северск", "Самусь", "Самуси", "Орловк", "Кижиров", "Семиозерк",
                    "Чернильщиков", "Бабарыкин", "Иглаков", "Келоган", "СХК"]  # fmt: skip

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
FORBIDDEN = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


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
    if FORBIDDEN.search(data):
        raise FeedError("Лента: объявления DOCTYPE и ENTITY не принимаются (защита от XML-бомб)")
    try:
        root = ET.fromstring(data)  # noqa: S314 - entity declarations refused above
    except ET.ParseError as exc:
        raise FeedError(f"Лента: испорченный XML ({exc})") from exc
    if root.tag == f"{ATOM}feed":
        return atom_items(root)
    channel = root.find("channel")
    if root.tag == "rss" and channel is not None:
        return rss_items(channel)
    raise FeedError(f"Лента: ни RSS 2.0, ни Atom (корневой элемент {root.tag[:80]!r})")


def rss_items(channel: ET.Element) -> list[FeedItem]:
    feed_title = text_of(channel, "title")
    items = []
    for item in channel.iter("item"):
        link = text_of(item, "link")
        body = text_of(item, CONTENT) or text_of(item, "description")
        items.append(
            FeedItem(
                id=text_of(item, "guid") or link,
                title=html_to_text(text_of(item, "title")),
                link=link,
                text=html_to_text(body),
                published=rss_date(text_of(item, "pubDate")),
                author=text_of(item, DC_CREATOR) or text_of(item, "author"),
                feed_title=feed_title,
            )
        )
    return [item for item in items if item.id]


def atom_items(feed: ET.Element) -> list[FeedItem]:
    feed_title = text_of(feed, f"{ATOM}title")
    items = []
    for entry in feed.iter(f"{ATOM}entry"):
        link = atom_link(entry)
        body = text_of(entry, f"{ATOM}content") or text_of(entry, f"{ATOM}summary")
        when = text_of(entry, f"{ATOM}published") or text_of(entry, f"{ATOM}updated")
        author = entry.find(f"{ATOM}author")
        items.append(
            FeedItem(
                id=text_of(entry, f"{ATOM}id") or link,
                title=html_to_text(text_of(entry, f"{ATOM}title")),
                link=link,
                text=html_to_text(body),
                published=iso_date(when),
                author=text_of(author, f"{ATOM}name") if author is not None else "",
                feed_title=feed_title,
            )
        )
    return [item for item in items if item.id]


def text_of(element: ET.Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def atom_link(entry: ET.Element) -> str:
    links = entry.findall(f"{ATOM}link")
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href", "")
    return links[0].get("href", "") if links else ""


def rss_date(value: str) -> str:
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="seconds")


def iso_date(value: str) -> str:
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="seconds")


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
