"""The public question page's limits, the same rule as the residents' web form
(otklik.public.views, which this app may not import): an address (through trusted proxies only,
accounts.addresses) may send FORM_RATE_LIMIT_PER_HOUR accepted questions an hour; the address is
kept only as a salted hash."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from otklik.accounts.addresses import client_fingerprint

WINDOW_SECONDS = 3600
#: A question's fields and their framing: far below this; a larger body is refused unread.
MAX_BODY_BYTES = 32 * 1024


def _key(request: HttpRequest) -> str:
    return f"meeting-ask-rate:{client_fingerprint(request)}"


def over_limit(request: HttpRequest) -> bool:
    return (cache.get(_key(request)) or 0) >= settings.FORM_RATE_LIMIT_PER_HOUR


def count(request: HttpRequest) -> None:
    key = _key(request)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW_SECONDS)
