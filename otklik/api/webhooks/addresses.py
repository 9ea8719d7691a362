"""Which addresses a webhook may be sent to: https on the public internet; plain http and
private, loopback or link-local hosts only when OTKLIK_WEBHOOKS_ALLOW_PRIVATE allows (a receiver
on the same machine or the city's internal network, and the tests).

`check_url` runs when a subscription is created (the address as written); `resolve` runs before
every POST (what the name resolves to now), and the POST goes to the address it checked, so a
name that later resolves inside the network is refused too.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

LOCAL_NAMES = ("localhost", ".localhost", ".local", ".internal", ".lan", ".home.arpa")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class Refused(Exception):
    """The address is not allowed (now): the delivery fails without retrying."""


def allow_private() -> bool:
    return bool(settings.WEBHOOKS_ALLOW_PRIVATE)


def _ip(host: str) -> IPAddress | None:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        return ip.ipv4_mapped
    return ip


def is_internal(ip: IPAddress) -> bool:
    return not ip.is_global or ip.is_multicast


def _is_local_name(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host == "localhost" or host.endswith(LOCAL_NAMES[1:]) or "." not in host


def check_url(url: str) -> str:
    """The address, cleaned, or a ValidationError saying in Russian what is wrong with it."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ValidationError("Адрес не разобрать: проверьте его") from exc
    if parts.scheme not in {"https", "http"}:
        raise ValidationError("Адрес должен начинаться с https://")
    host = parts.hostname or ""
    if not host:
        raise ValidationError("В адресе нет имени сервера")
    if parts.username or parts.password:
        raise ValidationError("Логин и пароль в адресе не допускаются: проверяйте подпись")
    if port == 0:
        raise ValidationError("Неверный порт")
    ip = _ip(host)
    internal = (ip is not None and is_internal(ip)) or (ip is None and _is_local_name(host))
    if internal and not allow_private():
        raise ValidationError(
            "Адрес во внутренней сети или на этом сервере: такие адреса разрешаются настройкой "
            "OTKLIK_WEBHOOKS_ALLOW_PRIVATE"
        )
    if parts.scheme == "http" and not (internal and allow_private()):
        raise ValidationError("Нужен https://; http:// — только для внутренних адресов")
    return url


def resolve(host: str, port: int) -> str:
    """The IP address to connect to for `host`; Refused when any address it has is internal
    (unless allowed) or it does not resolve."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise ConnectionError(f"имя {host} не разрешается: {exc}") from exc
    ips = [ip for ip in (_ip(str(info[4][0])) for info in found) if ip is not None]
    if not ips:
        raise ConnectionError(f"у {host} нет адресов")
    if not allow_private() and any(is_internal(ip) for ip in ips):
        raise Refused(f"{host} указывает во внутреннюю сеть: отправка запрещена")
    return str(ips[0])
