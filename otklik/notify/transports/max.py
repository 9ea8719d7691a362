"""A MAX bot: a message to the user id the user gave (they must start the bot first).

The bot token is settings.NOTIFY_MAX_TOKEN (OTKLIK_NOTIFY_MAX_TOKEN); settings.NOTIFY_MAX_URL
(OTKLIK_NOTIFY_MAX_URL) points the client at another server, e.g. a local one. Without a token
the send fails clearly.
"""

from __future__ import annotations

from django.conf import settings

from otklik.notify.models import Notification
from otklik.notify.transports import TransportError
from otklik.sources.max.client import MaxClient

TOKEN_ENV = "OTKLIK_NOTIFY_MAX_TOKEN"


def send(notification: Notification) -> None:
    token = settings.NOTIFY_MAX_TOKEN
    if not token:
        raise TransportError(f"{TOKEN_ENV} не задан: бот MAX для уведомлений не настроен")
    try:
        user_id = int(notification.address)
    except ValueError as exc:
        raise TransportError(f"MAX: user id должен быть числом: {notification.address!r}") from exc
    MaxClient(token, settings.NOTIFY_MAX_URL or None).send_message(
        notification.text, user_id=user_id
    )
