"""The bot transports against a local server speaking the Bot API's wire format."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from django.test import override_settings

from otklik.notify.actions import notify, send_pending
from otklik.notify.models import Notification, NotificationPreference
from otklik.notify.tests.helpers import NOW, NotifyTestCase
from otklik.sources.localserver import LocalServer

TOKEN = "123456:notify-secret-token"


class BotTransportTest(NotifyTestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__)

    def queue(self, channel: str, address: str) -> None:
        NotificationPreference.objects.create(user=self.executor_a, channel="email", enabled=False)
        NotificationPreference.objects.create(
            user=self.executor_a, channel=channel, address=address
        )
        notify(self.executor_a, Notification.Kind.ASSIGNMENT, self.incident(), "k1", now=NOW)

    def env(self, channel: str) -> AbstractContextManager[Any]:
        prefix = f"NOTIFY_{channel.upper()}"
        values = {f"{prefix}_TOKEN": TOKEN, f"{prefix}_URL": self.server.url}
        return override_settings(**values)

    def test_telegram_send_message(self) -> None:
        self.queue("telegram", "987654")
        self.server.reply("sendMessage", body={"ok": True, "result": {"message_id": 5}})
        with self.env("telegram"):
            send_pending(10, now=NOW)
        [call] = self.server.calls("sendMessage")
        self.assertIn(f"bot{TOKEN}/sendMessage", call.path)
        self.assertEqual(call.data()["chat_id"], "987654")
        self.assertIn("Вам назначен инцидент", call.data()["text"])
        self.assertEqual(Notification.objects.get().status, "sent")

    def test_telegram_rejected_token_is_kept_without_the_token(self) -> None:
        self.queue("telegram", "987654")
        body = {"ok": False, "error_code": 401, "description": "Unauthorized"}
        self.server.reply("sendMessage", 401, body)
        with self.env("telegram"):
            send_pending(10, now=NOW)
        note = Notification.objects.get()
        self.assertEqual(note.status, "pending")
        self.assertIn("AuthError", note.error)
        self.assertNotIn(TOKEN, note.error)

    def test_max_message_to_the_user(self) -> None:
        self.queue("max", "4242")
        self.server.reply("messages", body={"message": {"body": {"mid": "mid.1"}}})
        with self.env("max"):
            send_pending(10, now=NOW)
        [call] = self.server.calls("messages")
        self.assertIn("user_id=4242", call.path)
        self.assertEqual(call.headers["Authorization"], TOKEN)
        self.assertIn("Вам назначен инцидент", call.data()["text"])
        self.assertEqual(Notification.objects.get().status, "sent")
