"""The anonymous forms' hourly limits (the residents' report form, the Mayor's question page),
counted by django-ratelimit.

An address (through trusted proxies only, `addresses.client_address`) may send
FORM_RATE_LIMIT_PER_HOUR accepted submissions an hour. The check and the count are separate:
a POST is checked before its body is read, and counted only once it was accepted, so a resident
who got the form wrong is not locked out by the retries. The key is the address hashed with the
secret key (`client_fingerprint`), never the address itself.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from otklik.accounts.addresses import client_fingerprint


def _key(group: str, request: HttpRequest) -> str:
    return client_fingerprint(request)


def _rate(group: str, request: HttpRequest) -> str:
    return f"{settings.FORM_RATE_LIMIT_PER_HOUR}/h"


def used_up(request: HttpRequest, group: str) -> bool:
    """This address has sent its hour's submissions to the form `group`."""
    usage = get_usage(request, group=group, key=_key, rate=_rate)
    return usage is not None and usage["count"] >= usage["limit"]


def count(request: HttpRequest, group: str) -> None:
    """One more accepted submission from this address."""
    get_usage(request, group=group, key=_key, rate=_rate, increment=True)
