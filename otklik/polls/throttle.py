"""How often one address may vote, support or propose: counted in the cache under a keyed hash
of the address (as the residents' form does), never the address itself."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

from otklik.accounts.addresses import client_fingerprint

WINDOW_SECONDS = 3600
#: Accepted actions per address and hour.
LIMITS: dict[str, int] = {"vote": 30, "support": 30, "initiative": 5}


def _key(request: HttpRequest, what: str) -> str:
    return f"polls-rate:{what}:{client_fingerprint(request)}"


def over_limit(request: HttpRequest, what: str) -> bool:
    return (cache.get(_key(request, what)) or 0) >= LIMITS[what]


def count(request: HttpRequest, what: str) -> None:
    key = _key(request, what)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW_SECONDS)
