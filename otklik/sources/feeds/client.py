"""Fetching a feed: a conditional GET (ETag / Last-Modified) with a bounded read.

Feeds have no token; the rate limiter is per feed address (one request a second is plenty).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from otklik.sources.http import ChannelError, HttpClient, Response, transport

MAX_FEED_BYTES = 5_000_000
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8"


class FeedTooLarge(ChannelError):
    pass


@dataclass
class Fetched:
    body: bytes | None  # None: not modified since the stored ETag / date
    etag: str = ""
    modified: str = ""


class FeedClient(HttpClient):
    platform: ClassVar[str] = "feed"
    title: ClassVar[str] = "Лента"
    rate: ClassVar[float] = 1.0
    max_bytes: int = MAX_FEED_BYTES

    def __init__(self, feed_url: str, **options: object) -> None:
        if not feed_url.startswith(("http://", "https://")):
            raise ChannelError(f"Лента: адрес не http(s): {feed_url[:200]!r}")
        base, _, self.path = feed_url.rpartition("/")
        super().__init__("", base + "/", **options)  # type: ignore[arg-type]

    def fetch(self, etag: str = "", modified: str = "") -> Fetched:
        headers = {"Accept": ACCEPT, "User-Agent": "Otklik feed reader"}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        response = self.request("GET", self.path, headers=headers)
        if response.status == 304:
            return Fetched(None, etag, modified)
        lower = {k.lower(): v for k, v in response.headers.items()}
        return Fetched(response.body, lower.get("etag", ""), lower.get("last-modified", ""))

    def _send(
        self, method: str, url: str, data: bytes | None, headers: dict[str, str], timeout: float
    ) -> Response:
        stream = transport().stream(method, url, content=data, headers=headers, timeout=timeout)
        with stream as reply:
            if reply.status_code >= 400:
                return Response(reply.status_code, b"", dict(reply.headers.items()))
            body = bytearray()
            for chunk in reply.iter_bytes():
                body += chunk
                if len(body) > self.max_bytes:
                    raise FeedTooLarge(f"Лента: больше {self.max_bytes} байт, не принята")
            return Response(reply.status_code, bytes(body), dict(reply.headers.items()))

    def check(self, response: Response) -> Response:
        if response.status in (401, 403, 404, 410):
            raise ChannelError(f"Лента: адрес ленты ответил HTTP {response.status}")
        return super().check(response)
