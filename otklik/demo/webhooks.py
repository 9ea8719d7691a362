"""The demo's outgoing webhooks (issue 14): a receiver on this machine and one subscription to it.

While the demo runs, `Receiver` listens on a free loopback port. `subscribe` points one
subscription at it (all events), replacing the one a previous run made for an older port, and
queues a test event; the worker delivers, so deliveries, attempts and retries are visible on
/api/webhooks/ like any receiver's. The receiver checks each body's signature with the
subscription's secret and lists what it got at its own address (a page in Russian).

Private addresses are refused unless OTKLIK_WEBHOOKS_ALLOW_PRIVATE is on; `otklik demo` turns
it on for itself (otklik.cli), since everything it runs stays on this machine.
"""

from __future__ import annotations

import html
import json
import os
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from otklik.accounts.models import User
from otklik.api.webhooks import actions
from otklik.api.webhooks.events import PING, WebhookEvent
from otklik.api.webhooks.models import WebhookSubscription
from otklik.api.webhooks.signing import verify

#: The receiver's path; a subscription to it on a loopback address is the demo's own.
HOOK_PATH = "/demo-webhook/"
ADMIN = "admin"  # the demo's administrator (otklik.demo.seed.ACCOUNTS)
KEEP = 50


@dataclass(frozen=True)
class Received:
    at: datetime
    event: str
    delivery: str
    signed: bool


class Receiver:
    """A webhook receiver on 127.0.0.1: POST HOOK_PATH answers 204, GET / lists the last ones."""

    def __init__(self, port: int = 0) -> None:
        self.secret = ""
        self.received: deque[Received] = deque(maxlen=KEEP)
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    @property
    def hook_url(self) -> str:
        return self.url.rstrip("/") + HOOK_PATH

    def __enter__(self) -> Receiver:
        self.owner = os.getpid()
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if os.getpid() != self.owner:
            return  # a forked web worker: the serving thread is the parent's (otklik.demo.running)
        self.server.shutdown()
        self.server.server_close()

    def take(self, body: bytes, headers: Any) -> None:
        signed = bool(self.secret) and verify(
            self.secret, body, headers.get("X-Otklik-Signature", "")
        )
        event = headers.get("X-Otklik-Event", "") or _event_of(body)
        item = Received(timezone.now(), event, headers.get("X-Otklik-Delivery", ""), signed)
        with self.lock:
            self.received.appendleft(item)

    def page(self) -> bytes:
        with self.lock:
            items = list(self.received)
        names = {**dict(WebhookEvent.choices), PING: "Тестовое событие"}
        rows = "".join(
            f"<tr><td>{timezone.localtime(r.at):%d.%m.%Y %H:%M:%S}</td>"
            f"<td>{html.escape(str(names.get(r.event, r.event)))}</td>"
            f"<td>{html.escape(r.delivery)}</td><td>{'верна' if r.signed else 'НЕ верна'}</td></tr>"
            for r in items
        )
        empty = "" if items else "<p>Пока ничего не пришло.</p>"
        return (
            '<!doctype html><html lang="ru"><meta charset="utf-8">'
            "<title>Приёмник вебхуков демо</title><h1>Приёмник вебхуков демо</h1>"
            f"<p>Адрес подписки: {html.escape(self.hook_url)}</p>{empty}"
            "<table><tr><th>Получено</th><th>Событие</th><th>Доставка</th><th>Подпись</th></tr>"
            f"{rows}</table></html>"
        ).encode()


def _event_of(body: bytes) -> str:
    try:
        return str(json.loads(body).get("event", ""))
    except (ValueError, AttributeError):
        return ""


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if self.path.split("?")[0] != HOOK_PATH:
                self.send_error(404)
                return
            length = int(self.headers.get("Content-Length") or 0)
            receiver.take(self.rfile.read(min(length, 1_000_000)), self.headers)
            self.send_response(204)
            self.end_headers()

        def do_GET(self) -> None:
            body = receiver.page()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return  # the demo's console is for people, not request lines

    return Handler


def subscribe(receiver: Receiver) -> WebhookSubscription:
    """The demo's subscription to `receiver`, all events, with a test event queued; the previous
    run's (an older port) is switched off. Raises ValidationError when private addresses are
    not allowed."""
    admin = User.objects.get(username=ADMIN)
    earlier = WebhookSubscription.objects.filter(
        active=True, url__startswith="http://127.0.0.1:", url__endswith=HOOK_PATH
    )
    for old in earlier:
        actions.deactivate(admin, old)
    subscription, secret = actions.create_subscription(
        admin, receiver.hook_url, WebhookEvent.values
    )
    receiver.secret = secret
    actions.send_test(admin, subscription)
    return subscription


def subscribe_or_say(receiver: Receiver, say: Callable[[str], Any]) -> None:
    """`subscribe`, or a line saying why the demo runs without its webhook."""
    try:
        subscribe(receiver)
    except ValidationError as exc:
        say(f"Вебхук демо не подключён: {' '.join(exc.messages)}")
        return
    except User.DoesNotExist:
        say(f"Вебхук демо не подключён: нет учётной записи {ADMIN!r}")
        return
    say(f"Приёмник вебхуков: {receiver.url} (доставки видны на /api/webhooks/)")
