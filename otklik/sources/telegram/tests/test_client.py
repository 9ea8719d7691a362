"""The Telegram client and adapter against a local Bot API server."""

from __future__ import annotations

import logging

from django.test import TestCase

from otklik.inbox.models import Message
from otklik.sources.actions import process_pending
from otklik.sources.http import AuthError, ChannelError
from otklik.sources.localserver import LocalServer
from otklik.sources.models import InboundPayload
from otklik.sources.telegram.adapter import TelegramAdapter
from otklik.sources.telegram.client import TelegramClient
from otklik.sources.telegram.tests.helpers import TOKEN, fixture, make_source


class ServerTestCase(TestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__)
        self.slept: list[float] = []
        self.source = make_source(base_url=self.server.url)
        self.adapter = TelegramAdapter(self.source, sleep=self.slept.append, rate=1000)


class ClientTest(ServerTestCase):
    def test_429_honours_retry_after(self) -> None:
        self.server.reply("sendMessage", 429, fixture("error_too_many_requests"))
        self.server.reply("sendMessage", body=fixture("send_message"))
        self.adapter.publish_reply("post-1001234567890_310", "Ответ", "tg-1009876543210_5121")
        self.assertEqual(self.slept, [3.0])
        self.assertEqual(len(self.server.calls("sendMessage")), 2)

    def test_5xx_is_retried(self) -> None:
        self.server.reply("getMe", 502, b"<html>Bad Gateway</html>")
        self.server.reply("getMe", body=fixture("get_me"))
        self.assertIn("@otklik_city_bot", self.adapter.test_connection())

    def test_unauthorized_stops_and_never_logs_the_token(self) -> None:
        self.server.reply("getMe", 401, fixture("error_unauthorized"))
        with self.assertLogs("otklik", logging.DEBUG) as logs:
            logging.getLogger("otklik.sources").warning("marker")
            with self.assertRaises(AuthError) as caught:
                self.adapter.test_connection()
        self.assertEqual(len(self.server.calls("getMe")), 1)
        self.assertNotIn(TOKEN, str(caught.exception))
        self.assertNotIn(TOKEN, "\n".join(logs.output))

    def test_retry_logs_redact_the_token_in_the_path(self) -> None:
        self.server.reply("getMe", 500, b"")
        self.server.reply("getMe", body=fixture("get_me"))
        with self.assertLogs("otklik.sources.http", logging.WARNING) as logs:
            self.adapter.test_connection()
        self.assertIn("bot***/getMe", logs.output[0])
        self.assertNotIn(TOKEN, "\n".join(logs.output))

    def test_give_up_error_is_redacted(self) -> None:
        self.server.reply("getMe", 500, b"")
        client = TelegramClient(TOKEN, self.server.url, sleep=self.slept.append, rate=1000)
        with self.assertRaises(ChannelError) as caught:
            client.get_me()
        self.assertNotIn(TOKEN, str(caught.exception))


class AdapterTest(ServerTestCase):
    def test_reply_uses_reply_parameters_in_the_comment_chat(self) -> None:
        self.server.reply("sendMessage", body=fixture("send_message"))
        new_id = self.adapter.publish_reply(
            "post-1001234567890_310", "Ответ", "tg-1009876543210_5121"
        )
        self.assertEqual(new_id, "tg-1009876543210_5123")
        sent = self.server.calls("sendMessage")[0].data()
        self.assertEqual(sent["chat_id"], -1009876543210)
        self.assertEqual(sent["reply_parameters"]["message_id"], 5121)

    def test_poll_stores_updates_and_moves_the_offset(self) -> None:
        self.server.reply("getUpdates", body=fixture("get_updates"))
        self.server.reply("getUpdates", body=fixture("get_updates"))  # overlapping redelivery
        self.server.reply("getUpdates", body=fixture("get_updates_empty"))
        self.assertEqual(self.adapter.poll(), 2)
        self.assertEqual(self.adapter.poll(), 0)
        self.assertEqual(self.adapter.poll(), 0)
        self.source.refresh_from_db()
        self.assertEqual(self.source.cursor, {"offset": 10003})
        offsets = [r.data().get("offset") for r in self.server.calls("getUpdates")]
        self.assertEqual(offsets, [None, 10003, 10003])
        process_pending()
        self.assertEqual(InboundPayload.objects.count(), 2)
        self.assertEqual(Message.objects.count(), 2)

    def test_poll_while_a_webhook_is_set_says_so(self) -> None:
        self.server.reply("getUpdates", 409, fixture("error_conflict"))
        with self.assertRaisesRegex(ChannelError, "webhook"):
            self.adapter.poll()

    def test_publish_post_goes_to_the_channel(self) -> None:
        self.server.reply("sendMessage", body=fixture("send_message"))
        self.adapter.publish_post("Новость")
        self.assertEqual(self.server.calls("sendMessage")[0].data()["chat_id"], "@city_adm")
