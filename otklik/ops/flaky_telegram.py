"""A stand-in Telegram Bot API that misbehaves on a script, for `bench faults`.

`getUpdates` serves the updates added so far (from the asked offset, up to the limit), as
Telegram does; every call first goes through `FAULTS`, in turn: 429 with `retry_after`, 502,
500, no answer for longer than the client's timeout, between ordinary answers. What the worker
stores from it must be every update once.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from otklik.sources.localserver import LocalServer, Reply, Request

TOO_MANY = {"ok": False, "error_code": 429, "parameters": {"retry_after": 1},
            "description": "Too Many Requests: retry after 1"}  # fmt: skip
#: One entry per getUpdates call, in order, then the cycle again; None answers normally.
FAULTS: tuple[Reply | None, ...] = (
    Reply(429, TOO_MANY),
    Reply(502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}),
    None,
    Reply(500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}),
    Reply(200, {"ok": True, "result": []}, delay=12.0),  # past the client's 10 s timeout
    None,
    Reply(429, TOO_MANY),
    None,
)


def update(i: int) -> dict[str, Any]:
    """A resident writes to the city's bot."""
    person = {"id": 5000 + i % 301, "is_bot": False, "first_name": f"Житель {i % 301}"}
    return {
        "update_id": 700_000 + i,
        "message": {
            "message_id": 90_000 + i,
            "from": person,
            "chat": {**person, "type": "private"},
            "date": int(time.time()),
            "text": f"Не горит фонарь у дома по ул. Курчатова {i % 40 + 1}. #{i}",
        },
    }


class FlakyTelegram(LocalServer):
    def __init__(self, timeouts: bool = True) -> None:
        super().__init__()
        self.updates: list[dict[str, Any]] = []
        self.faults = [f for f in FAULTS if timeouts or f is None or not f.delay]
        self.refused = 0
        self.calls = 0
        self.added = threading.Lock()
        self.route("getUpdates", self._get_updates)

    def add(self, count: int) -> list[str]:
        """`count` new updates; their ids as the payloads will keep them."""
        with self.added:
            start = len(self.updates)
            self.updates.extend(update(i) for i in range(start, start + count))
            return [str(u["update_id"]) for u in self.updates[start:]]

    def _get_updates(self, request: Request) -> Reply:
        with self.lock:
            fault = self.faults[self.calls % len(self.faults)]
            self.calls += 1
            self.refused += fault is not None
        if fault is not None:
            return fault
        data = request.data()
        offset = int(data.get("offset") or 0)
        limit = int(data.get("limit") or 100)
        with self.added:
            fresh = [u for u in self.updates if u["update_id"] >= offset][:limit]
        return Reply(200, {"ok": True, "result": fresh})
