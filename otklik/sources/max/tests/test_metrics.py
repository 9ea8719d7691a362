"""MAX statistics: a channel post's views and the channel's participants."""

from __future__ import annotations

from django.test import TestCase

from otklik.sources.http import ChannelError
from otklik.sources.localserver import LocalServer
from otklik.sources.max.adapter import MaxAdapter
from otklik.sources.max.tests.helpers import TOKEN, fixture, make_source

CHANNEL = -72000000001
MID = "mid.00000000056a0001000001936a000001"


class MetricsTest(TestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__)
        self.source = make_source(base_url=self.server.url)
        self.source.settings["channel_id"] = CHANNEL
        self.adapter = MaxAdapter(self.source, sleep=lambda s: None, rate=1000)

    def test_views_of_a_channel_post(self) -> None:
        self.server.reply("messages", body=fixture("messages_channel_post"))
        self.assertEqual(self.adapter.read_post_metrics(MID), {"views": 1843})
        request = self.server.calls("messages")[0]
        self.assertEqual(request.method, "GET")
        self.assertEqual(dict(request.query()), {"chat_id": str(CHANNEL), "message_ids": MID})
        self.assertEqual(request.headers["Authorization"], TOKEN)

    def test_missing_message_is_an_error(self) -> None:
        self.server.reply("messages", body={"messages": []})
        with self.assertRaisesRegex(ChannelError, "не найдено"):
            self.adapter.read_post_metrics(MID)

    def test_subscribers_are_the_channel_participants(self) -> None:
        self.server.reply(str(CHANNEL), body=fixture("chat_channel"))
        self.assertEqual(self.adapter.subscribers(), 6342)
        self.assertEqual(self.server.requests[0].path, f"/chats/{CHANNEL}")

    def test_no_channel_nothing_read(self) -> None:
        del self.source.settings["channel_id"]
        self.assertIsNone(self.adapter.subscribers())
        self.assertIsNone(self.adapter.read_post_metrics(MID))
        self.assertEqual(self.server.requests, [])
