"""Request latencies for /metrics: a histogram kept in this process's memory.

Each gunicorn worker process keeps its own counts, from its start; Prometheus sees the process
that answered the scrape, so the figures are a sample, not the sum over processes (with
`OTKLIK_WEB_WORKERS=1` they are the whole). Nothing is written to the database or to disk.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse

#: Upper bounds of the buckets, in seconds (Prometheus' `le`); +Inf is implied.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass
class Histogram:
    counts: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    total: int = 0
    seconds: float = 0.0

    def observe(self, value: float) -> None:
        for index, bound in enumerate(BUCKETS):
            if value <= bound:
                self.counts[index] += 1
        self.total += 1
        self.seconds += value


_lock = threading.Lock()
#: (method, status class «2xx», the view's URL name) → histogram.
_histograms: dict[tuple[str, str, str], Histogram] = {}


def observe(method: str, status: int, view: str, seconds: float) -> None:
    key = (method, f"{status // 100}xx", view)
    with _lock:
        _histograms.setdefault(key, Histogram()).observe(seconds)


def snapshot() -> dict[tuple[str, str, str], Histogram]:
    """A copy of the histograms, safe to read while requests go on."""
    with _lock:
        return {
            key: Histogram(list(h.counts), h.total, h.seconds) for key, h in _histograms.items()
        }


def reset() -> None:
    with _lock:
        _histograms.clear()


class LatencyMiddleware:
    """Time every request; the label is the view's URL name (not the path: one series per
    page, not per incident number)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.url_name or match.view_name) if match is not None else ""
        method = request.method if request.method in KNOWN_METHODS else "OTHER"
        observe(method, response.status_code, view or "unmatched", time.perf_counter() - started)
        return response


KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
