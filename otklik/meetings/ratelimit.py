"""The public question page's limits, the same rule as the residents' web form
(otklik.public.views, which this app may not import): an address (through trusted proxies only,
accounts.addresses) may send FORM_RATE_LIMIT_PER_HOUR accepted questions an hour; the address is
kept only as a salted hash. Counted by django-ratelimit (accounts.form_limits)."""

from __future__ import annotations

from django.http import HttpRequest

from otklik.accounts import form_limits
from otklik.accounts.addresses import client_fingerprint

__all__ = ["MAX_BODY_BYTES", "client_fingerprint", "count", "over_limit"]

GROUP = "meeting-ask"
#: A question's fields and their framing: far below this; a larger body is refused unread.
MAX_BODY_BYTES = 32 * 1024


def over_limit(request: HttpRequest) -> bool:
    return form_limits.used_up(request, GROUP)


def count(request: HttpRequest) -> None:
    form_limits.count(request, GROUP)
