"""Local media feeds (RSS 2.0 / Atom), read-only: polled, filtered on the city's keywords.

Source.settings: {"url": the feed's address, "keywords": optional list (default
parser.DEFAULT_KEYWORDS; [] keeps every item)}. No secrets.
Source.cursor: {"etag", "modified", "published"}: the validators for a conditional GET and the
newest item date seen; older items are not looked at again (the payload id dedupes the rest).
A malformed document is kept as a failed payload (its bytes, for review) and raises.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime
from typing import ClassVar

from otklik.sources.actions import record_malformed, record_payload
from otklik.sources.channels import ChannelAdapter
from otklik.sources.feeds.client import FeedClient
from otklik.sources.feeds.parser import (
    DEFAULT_KEYWORDS,
    FeedError,
    item_record,
    mentions,
    parse_feed,
)
from otklik.sources.http import ChannelError
from otklik.sources.models import InboundPayload
from otklik.sources.records import MessageRecord

log = logging.getLogger(__name__)


def normalise(payload: InboundPayload) -> list[MessageRecord]:
    """The worker's entry (NORMALISERS["feed"])."""
    if not isinstance(payload.body, dict):
        raise ValueError(payload.error or "в пакете нет записи ленты")
    return [item_record(payload.body, payload.received_at)]


class FeedAdapter(ChannelAdapter):
    kind: ClassVar[str] = "feed"
    normalise = staticmethod(normalise)

    @property
    def keywords(self) -> list[str]:
        value = self.source.settings.get("keywords")
        return DEFAULT_KEYWORDS if value is None else [str(word) for word in value]

    def client(self) -> FeedClient:
        url = self.source.settings.get("url") or ""
        if not url:
            raise ChannelError("Лента: не задан адрес ленты (url) источника")
        return FeedClient(url, **self.client_options)

    def poll(self) -> int:
        cursor = self.source.cursor
        fetched = self.client().fetch(cursor.get("etag", ""), cursor.get("modified", ""))
        if fetched.body is None:
            return 0
        created, newest = self._record_items(fetched.body, cursor.get("published", ""))
        self.save_cursor(etag=fetched.etag, modified=fetched.modified, published=newest)
        return created

    def backfill(self, since: datetime) -> int:
        """Feeds hold only their latest items: read them all again, from `since` on."""
        fetched = self.client().fetch()
        after = since.astimezone(UTC).isoformat(timespec="seconds")
        created, _ = self._record_items(fetched.body or b"", after)
        return created

    def _record_items(self, data: bytes, after: str) -> tuple[int, str]:
        try:
            items = parse_feed(data)
        except FeedError as exc:
            self._keep_malformed(data, exc)
            raise ChannelError(str(exc)) from exc
        created, newest, keywords = 0, after, self.keywords
        for item in items:
            if item.published and after and item.published < after:
                continue
            newest = max(newest, item.published)
            if not mentions(item, keywords):
                continue
            _, new = record_payload(
                self.source, item.payload_id, item.as_body(), event_type="article"
            )
            created += int(new)
        return created, newest

    def _keep_malformed(self, data: bytes, error: Exception) -> None:
        digest = hashlib.sha256(data).hexdigest()[:32]
        record_malformed(self.source, f"malformed:{digest}", data, error)
        log.warning("feed %s: %s", self.source.name, error)

    def test_connection(self) -> str:
        fetched = self.client().fetch()
        try:
            items = parse_feed(fetched.body or b"")
        except FeedError as exc:
            raise ChannelError(str(exc)) from exc
        matching = sum(mentions(item, self.keywords) for item in items)
        return f"лента отвечает: записей {len(items)}, о городе {matching}"
