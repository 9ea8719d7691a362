"""A MAX bot: a message to the user id the user gave (they must start the bot first).

The bot token comes from OTKLIK_NOTIFY_MAX_TOKEN (OTKLIK_NOTIFY_MAX_URL points the client at
another server, e.g. a local one); without a token the send fails clearly.
"""

from __future__ import annotations

import os

from otklik.notify.models import Notification
from otklik.notify.transports import TransportError
from otklik.sources.max.client import MaxClient

TOKEN_ENV = "OTKLIK_NOTIFY_MAX_TOKEN"
URL_ENV = "OTKLIK_NOTIFY_MAX_URL"


def send(notification: Notification) -> None:
    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        raise TransportError(f"{TOKEN_ENV} не задан: бот MAX для уведомлений не настроен")
    try:
        user_id = int(notification.address)
    except ValueError as exc:
        raise TransportError(f"MAX: user id должен быть числом: {notification.address!r}") from exc
    MaxClient(token, os.environ.get(URL_ENV) or None).send_message(
        notification.text, user_id=user_id
    )
