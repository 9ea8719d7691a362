"""A Telegram bot: sendMessage to the chat id the user gave (they must /start the bot first).

The bot token comes from OTKLIK_NOTIFY_TELEGRAM_TOKEN (OTKLIK_NOTIFY_TELEGRAM_URL points the
client at another Bot API server, e.g. a local one); without a token the send fails clearly.
"""

from __future__ import annotations

import os

from otklik.notify.models import Notification
from otklik.notify.transports import TransportError
from otklik.sources.telegram.client import TelegramClient

TOKEN_ENV = "OTKLIK_NOTIFY_TELEGRAM_TOKEN"
URL_ENV = "OTKLIK_NOTIFY_TELEGRAM_URL"


def send(notification: Notification) -> None:
    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        raise TransportError(f"{TOKEN_ENV} не задан: бот Telegram для уведомлений не настроен")
    client = TelegramClient(token, os.environ.get(URL_ENV) or None)
    client.send_message(notification.address, notification.text)
