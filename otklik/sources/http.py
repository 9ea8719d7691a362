"""A small HTTP client base for the channel adapters; httpx carries the requests.

httpx does the transport (one pooled `httpx.Client` per process, keep-alive connections,
timeouts); the rules of when to try again stay here, since they encode the platforms' semantics.

Every client has a configurable base URL (a local server in tests), a per-token rate limiter
(token bucket), retries with backoff on rate limits and transient errors (honouring the
platform's `retry_after`), and stops at once with `AuthError` when credentials are rejected.
A request that is not idempotent (a message or a post the platform has no idempotency key for)
is retried only when the platform surely did not act on it (the connection was refused, the name
did not resolve, a rate-limit answer); a timeout, a dropped connection or an HTTP 5xx after it was
sent raise `Uncertain`, so that a person checks rather than the resident getting it twice.
Tokens never reach the logs: every logged or raised text goes through `redact`; an absolute
upload address (a platform's upload server, which carries its own one-time key in the query) is
logged without its query.

Bodies: a form (`form=`), JSON (`json_body=`), or multipart/form-data (`files=`, with `form=` as
its plain fields), the last built here (so the boundary and the quoting of names are ours and
tested; httpx sends the bytes as they are):

    client.request("POST", upload_url, files={"photo": ("post.jpg", data, "image/jpeg")})
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import httpx

log = logging.getLogger(__name__)
# httpx logs every request's full address at INFO, and a Telegram address carries the bot's token.
logging.getLogger("httpx").setLevel(logging.WARNING)


class ChannelError(Exception):
    """A platform refused or failed a request; the text is safe to log (the press service sees
    otklik.sources.platform_errors' explanation). `code`: the platform's error code, if given."""

    def __init__(self, message: str = "", *, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class AuthError(ChannelError):
    """The platform rejected the token or the bot: stop and ask an administrator."""


class ManualOnly(ChannelError):
    """The platform gives applications no method for this: a person does it by hand, and the
    press service records the link («Опубликовано вручную»). Never retried."""


class Uncertain(ChannelError):
    """A request that is not idempotent was sent, and no answer came back (a timeout, a dropped
    connection, an HTTP 5xx): the platform may have acted on it. Never retried by itself."""


class RateLimited(ChannelError):
    """The platform asks us to stop for longer than we are willing to wait in-line."""

    def __init__(
        self, message: str, retry_after: float | None = None, *, code: int | None = None
    ) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after


class Retry(Exception):
    """Raised by `check` to ask for another attempt, after `retry_after` seconds if given."""

    def __init__(
        self, reason: str, retry_after: float | None = None, *, code: int | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.code = code  # the platform's error code, carried to the ChannelError at the end


class TokenBucket:
    """`rate` requests per second on average, bursts up to `capacity`; thread-safe."""

    def __init__(
        self,
        rate: float,
        capacity: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Any] = time.sleep,
    ) -> None:
        self.rate = rate
        self.capacity = capacity if capacity is not None else max(rate, 1.0)
        self.tokens = self.capacity
        self.clock = clock
        self.sleep = sleep
        self.updated = clock()
        self.lock = threading.Lock()

    def acquire(self) -> float:
        """Take one token, sleeping as long as needed; returns the seconds waited."""
        with self.lock:
            now = self.clock()
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
            self.updated = now
            self.tokens -= 1
            wait = -self.tokens / self.rate if self.tokens < 0 else 0.0
        if wait > 0:
            self.sleep(wait)
        return wait


_buckets: dict[str, TokenBucket] = {}
_buckets_lock = threading.Lock()


def bucket_for(key: str, token: str, rate: float) -> TokenBucket:
    """One bucket per (platform, token), shared by every client of the process."""
    digest = hashlib.sha256(f"{key}\0{token}".encode()).hexdigest()[:16]
    with _buckets_lock:
        bucket = _buckets.get(digest)
        if bucket is None or bucket.rate != rate:
            bucket = _buckets[digest] = TokenBucket(rate)
        return bucket


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except ValueError as exc:
            raise ChannelError(f"ответ площадки — не JSON (HTTP {self.status})") from exc


class HttpClient:
    """Subclasses set `base_url`, `rate` and override `check` for the platform's error shape."""

    base_url: ClassVar[str] = ""
    platform: ClassVar[str] = "http"
    #: The platform's name in messages a person reads («ВКонтакте: …»); `platform` if empty.
    title: ClassVar[str] = ""
    rate: ClassVar[float] = 3.0
    timeout: float = 10.0
    max_attempts: int = 5
    backoff: float = 0.5
    max_wait: float = 60.0

    def __init__(
        self,
        token: str = "",
        base_url: str | None = None,
        *,
        sleep: Callable[[float], Any] = time.sleep,
        rate: float | None = None,
    ) -> None:
        self.token = token
        self.url = (base_url or self.base_url).rstrip("/") + "/"
        self.sleep = sleep
        self.bucket = bucket_for(f"{self.platform}:{self.url}", token, rate or self.rate)

    def redact(self, text: str) -> str:
        return text.replace(self.token, "***") if self.token else text

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        form: dict[str, Any] | None = None,
        json_body: Any = None,
        files: dict[str, FilePart] | None = None,
        headers: dict[str, str] | None = None,
        timeout: float | None = None,
        idempotent: bool = True,
    ) -> Response:
        """Send with retries; returns the response `check` accepted, or raises ChannelError.
        `path`: relative to the base URL, or an absolute http(s) address (an upload server).
        `idempotent=False`: see the module's docstring (`Uncertain`)."""
        absolute = path.startswith(("http://", "https://"))
        # not urljoin for a relative path: "bot123:AA…" would read as a scheme
        url = path if absolute else self.url + path.lstrip("/")
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        data, all_headers = None, {"Accept": "application/json", **(headers or {})}
        if files:
            data, all_headers["Content-Type"] = multipart(form or {}, files)
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            data = json.dumps(json_body, ensure_ascii=False).encode()
            all_headers["Content-Type"] = "application/json"
        shown = urllib.parse.urlsplit(path)._replace(query="").geturl() if absolute else path
        label = self.redact(f"{method} {shown}")
        code: int | None = None
        for attempt in range(1, self.max_attempts + 1):
            self.bucket.acquire()
            try:
                response = self._send(method, url, data, all_headers, timeout or self.timeout)
                if not idempotent and response.status >= 500:
                    raise Uncertain(f"{self.name} {label}: HTTP {response.status} после отправки")
                return self.check(response)
            except Retry as retry:
                reason, wait, code = retry.reason, retry.retry_after, retry.code
            except httpx.UnsupportedProtocol as exc:
                raise ChannelError(self.redact(f"{self.name} {label}: адрес не http(s)")) from exc
            except httpx.TransportError as exc:
                if not idempotent and not never_sent(exc):
                    text = f"{self.name} {label}: ответа нет ({type(exc).__name__}) после отправки"
                    raise Uncertain(self.redact(text)) from exc
                reason, wait, code = f"сетевая ошибка: {type(exc).__name__}", None, None
            if wait is not None and wait > self.max_wait:
                raise RateLimited(
                    f"{self.name}: {reason}; повторить через {wait:.0f} с", wait, code=code
                )
            if attempt == self.max_attempts:
                break
            delay = wait if wait is not None else self.backoff * 2 ** (attempt - 1)
            delay += random.uniform(0, self.backoff / 4) if wait is None else 0
            log.warning(
                "%s %s: %s; попытка %s из %s, повтор через %.1f с",
                self.platform,
                label,
                self.redact(reason),
                attempt,
                self.max_attempts,
                delay,
            )
            self.sleep(delay)
        text = f"{self.name} {label}: не удалось, попыток: {self.max_attempts} ({reason})"
        raise ChannelError(self.redact(text), code=code)

    @property
    def name(self) -> str:
        return self.title or self.platform

    def _send(
        self, method: str, url: str, data: bytes | None, headers: dict[str, str], timeout: float
    ) -> Response:
        reply = transport().request(method, url, content=data, headers=headers, timeout=timeout)
        return Response(reply.status_code, reply.content, dict(reply.headers.items()))

    def check(self, response: Response) -> Response:
        """The generic HTTP rules; platforms refine them."""
        if response.status in (401, 403):
            raise AuthError(
                f"{self.name}: доступ отклонён (HTTP {response.status}), проверьте токен"
            )
        if response.status == 429:
            raise Retry("HTTP 429, слишком много запросов", retry_after_header(response), code=429)
        if response.status >= 500:
            raise Retry(f"HTTP {response.status}", retry_after_header(response))
        if response.status >= 400:
            raise ChannelError(f"{self.name}: HTTP {response.status}", code=response.status)
        return response


#: A file in a multipart body: (file name, its bytes, its content type).
FilePart = tuple[str, bytes, str]


def _quoted(value: str) -> str:
    """A name or file name inside a Content-Disposition header's quotes, escaped as browsers do
    (WHATWG's multipart/form-data encoding: `"`, CR and LF percent-encoded)."""
    return value.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def multipart(form: dict[str, Any], files: dict[str, FilePart]) -> tuple[bytes, str]:
    """A multipart/form-data body (RFC 7578) and its Content-Type with the boundary."""
    boundary = f"otklik-{uuid.uuid4().hex}"
    parts: list[bytes] = []
    for name, value in form.items():
        head = f'Content-Disposition: form-data; name="{_quoted(str(name))}"'
        parts.append(f"--{boundary}\r\n{head}\r\n\r\n".encode() + str(value).encode() + b"\r\n")
    for name, (filename, content, content_type) in files.items():
        head = (
            f'Content-Disposition: form-data; name="{_quoted(name)}"; '
            f'filename="{_quoted(filename)}"\r\nContent-Type: {content_type}'
        )
        parts.append(f"--{boundary}\r\n{head}\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


#: Errors that happen before a byte of the request left: no connection (refused, the name did
#: not resolve, TLS failed, connecting timed out) or no free connection in the pool.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def never_sent(exc: BaseException) -> bool:
    """Whether a network error happened before the request could reach the platform."""
    return isinstance(exc, NOT_SENT)


_transport: httpx.Client | None = None
_transport_lock = threading.Lock()


def transport() -> httpx.Client:
    """The process's one httpx client: a pool of keep-alive connections every channel client
    shares (httpx.Client is thread-safe). Redirects are followed and the environment's proxy
    settings honoured, as urllib did."""
    global _transport
    with _transport_lock:
        if _transport is None:
            limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)
            _transport = httpx.Client(limits=limits, follow_redirects=True)
        return _transport


def retry_after_header(response: Response) -> float | None:
    for key, value in response.headers.items():
        if key.lower() == "retry-after":
            try:
                return max(float(value), 0.0)
            except ValueError:
                return None
    return None
