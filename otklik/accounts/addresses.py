"""The client's address: the connecting one, or X-Forwarded-For's when the connection comes
from a configured trusted proxy (OTKLIK_TRUSTED_PROXIES).

Behind the nginx the README prescribes, every request connects from the proxy, so rate limits
and sign-in throttling keyed on REMOTE_ADDR would put every resident in one bucket. The header
is honoured only from a trusted proxy, since anyone else can write it: read from the right, the
first hop that is not itself a trusted proxy is the client.
"""

from __future__ import annotations

import hashlib
import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [::1]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 1.2.3.4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_trusted(address: str, proxies: tuple[str, ...] | None = None) -> bool:
    parsed = _address(address)
    networks = trusted_networks(tuple(settings.TRUSTED_PROXIES if proxies is None else proxies))
    return parsed is not None and any(parsed in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The address to key limits on; the connecting one unless a trusted proxy forwarded."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    if not settings.TRUSTED_PROXIES or not is_trusted(remote):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops[-20:]):
        parsed = _address(hop)
        if parsed is None:
            return remote  # a malformed chain: trust nothing in it
        if not is_trusted(str(parsed)):
            return str(parsed)
    return str(_address(hops[0])) if hops else remote


def login_address(request: HttpRequest) -> str | None:
    """The address django-axes records and locks out on: the client's, or None where there is
    none that parses (a Unix socket behind nginx, a test client's force_login). Axes stores it
    in an address column that PostgreSQL checks, so «unknown» must not reach it."""
    parsed = _address(client_address(request))
    return None if parsed is None else str(parsed)


def client_fingerprint(request: HttpRequest) -> str:
    """The sender's address (through trusted proxies only), hashed with the secret key: enough
    to key the anonymous pages' rate limits and spot abuse, not personal data at rest."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode())
    return digest.hexdigest()[:16]
