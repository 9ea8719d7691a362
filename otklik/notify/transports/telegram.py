"""A Telegram bot: sendMessage to the chat id the user gave (they must /start the bot first).

The bot token is settings.NOTIFY_TELEGRAM_TOKEN (OTKLIK_NOTIFY_TELEGRAM_TOKEN);
settings.NOTIFY_TELEGRAM_URL (OTKLIK_NOTIFY_TELEGRAM_URL) points the client at another Bot API
server, e.g. a local one. Without a token the send fails clearly.
"""

from __future__ import annotations

from django.conf import settings

from otklik.notify.models import Notification
from otklik.notify.transports import TransportError
from otklik.sources.telegram.client import TelegramClient

TOKEN_ENV = "OTKLIK_NOTIFY_TELEGRAM_TOKEN"


def send(notification: Notification) -> None:
    token = settings.NOTIFY_TELEGRAM_TOKEN
    if not token:
        raise TransportError(f"{TOKEN_ENV} не задан: бот Telegram для уведомлений не настроен")
    client = TelegramClient(token, settings.NOTIFY_TELEGRAM_URL or None)
    client.send_message(notification.address, notification.text)
