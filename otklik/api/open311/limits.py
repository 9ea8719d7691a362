"""What a client may send: a bounded body, and a bounded number of POSTs per address and hour.

Checked before a byte of the body is read. Every POST counts, refused ones too, so guessing
api_keys is as slow as sending reports; the address is hashed with the secret key (as the web
form does), so the cache holds no one's address.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

from otklik.accounts.addresses import client_fingerprint
from otklik.api.open311.formats import Open311Error

#: The spec's arguments at their longest (description 4,000 characters, in UTF-8 and
#: percent-encoded) with room to spare; an Open311 POST carries no files.
MAX_BODY_BYTES = 64 * 1024
#: An Open311 client is usually one server relaying many residents: more than the web form's
#: ten an hour, still a ceiling.
POSTS_PER_HOUR = 120
WINDOW_SECONDS = 3600


def _count(request: HttpRequest) -> int:
    key = f"open311-rate:{client_fingerprint(request)}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


def check_post(request: HttpRequest) -> None:
    """429 past the hour's POSTs, 411 without a declared length, 413 when too large."""
    if _count(request) > POSTS_PER_HOUR:
        raise Open311Error(429, "Слишком много запросов с этого адреса: попробуйте через час")
    declared = request.META.get("CONTENT_LENGTH") or ""
    if not declared.isdigit():
        raise Open311Error(411, "Не указана длина тела запроса (Content-Length)")
    if int(declared) > MAX_BODY_BYTES:
        raise Open311Error(413, f"Тело запроса больше {MAX_BODY_BYTES // 1024} КБ")
