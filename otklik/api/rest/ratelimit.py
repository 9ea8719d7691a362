"""Per-token rate limit: a fixed one-minute window counted in Django's cache."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from otklik.api.rest.problems import Throttled

WINDOW = 60


def per_minute() -> int:
    return int(settings.API_RATE_PER_MINUTE)


def count_request(token_digest: str) -> None:
    """Count one request for the token; raise Throttled when it is over this minute's limit."""
    now = time.time()
    window = int(now // WINDOW)
    key = f"api-rate:{token_digest}:{window}"
    cache.add(key, 0, WINDOW + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW + 5)
        used = 1
    if used > per_minute():
        raise Throttled(max(1, int((window + 1) * WINDOW - now) + 1))
