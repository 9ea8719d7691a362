"""Telegram statistics: subscribers only; the Bot API gives no post views."""

from __future__ import annotations

from django.test import TestCase

from otklik.sources.localserver import LocalServer
from otklik.sources.telegram.adapter import TelegramAdapter
from otklik.sources.telegram.tests.helpers import fixture, make_source


class MetricsTest(TestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__)
        self.source = make_source(base_url=self.server.url)
        self.adapter = TelegramAdapter(self.source, sleep=lambda s: None, rate=1000)

    def test_subscribers_of_the_channel(self) -> None:
        self.server.reply("getChatMemberCount", body=fixture("get_chat_member_count"))
        self.assertEqual(self.adapter.subscribers(), 15873)
        self.assertEqual(
            self.server.calls("getChatMemberCount")[0].data(), {"chat_id": "@city_adm"}
        )

    def test_no_channel_no_subscribers_and_no_call(self) -> None:
        self.source.settings = {"base_url": self.server.url}
        self.assertIsNone(self.adapter.subscribers())
        self.assertEqual(self.server.requests, [])

    def test_no_post_statistics_said_plainly(self) -> None:
        self.assertIsNone(self.adapter.read_post_metrics("tg-1001234567890_310"))
        self.assertIn("не отдаёт ботам просмотры", self.adapter.no_metrics)
