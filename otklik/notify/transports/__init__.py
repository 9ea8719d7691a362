"""The registry of notification transports: channel → dotted path of `send(notification)`.

A transport sends one Notification to its `address` or raises; the text it raises is stored in
Notification.error, so it must never contain a secret. Adding a channel means copying a sibling
module and adding a line here (and a Channel choice).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from otklik.notify.models import Notification

TRANSPORTS: dict[str, str] = {
    "email": "otklik.notify.transports.email.send",
    "telegram": "otklik.notify.transports.telegram.send",
    "max": "otklik.notify.transports.max.send",
}


class TransportError(Exception):
    """A transport could not send; the text is safe to show and to store."""


def transport_for(channel: str) -> Callable[[Notification], None]:
    path = TRANSPORTS.get(channel)
    if path is None:
        raise TransportError(f"Нет транспорта для канала {channel!r}")
    return import_string(path)
