"""Odnoklassniki statistics: the group's members and a topic's summaries."""

from __future__ import annotations

from django.test import TestCase

from otklik.sources.http import ChannelError
from otklik.sources.localserver import LocalServer
from otklik.sources.ok.adapter import OkAdapter
from otklik.sources.ok.tests.helpers import fixture, make_source


class MetricsTest(TestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__)
        self.adapter = OkAdapter(make_source(base_url=self.server.url), sleep=lambda s: None,
                                 rate=1000)  # fmt: skip

    def test_subscribers_from_group_get_counters(self) -> None:
        self.server.reply("getCounters", body=fixture("group_get_counters"))
        self.assertEqual(self.adapter.subscribers(), 102694)
        request = self.server.calls("getCounters")[0]
        self.assertEqual(request.path, "/api/group/getCounters")
        data = request.data()
        self.assertEqual((data["group_id"], data["counterTypes"]), ("70000001234567", "MEMBERS"))
        self.assertEqual(data["method"], "group.getCounters")
        self.assertIn("sig", data)

    def test_post_statistics_from_mediatopic_get_by_ids(self) -> None:
        self.server.reply("getByIds", body=fixture("mediatopic_get_by_ids"))
        figures = self.adapter.read_post_metrics("topic155000000001")
        self.assertEqual(
            figures, {"views": 1530, "likes": 37, "reposts": 4, "comments": 12, "reach": None}
        )
        data = self.server.calls("getByIds")[0].data()
        self.assertEqual(
            (data["method"], data["topic_ids"]), ("mediatopic.getByIds", "155000000001")
        )
        self.assertIn("media_topic.LIKE_SUMMARY", data["fields"])
        self.assertEqual(self.adapter.no_metrics, "")
        self.assertIsNone(self.adapter.read_post_metrics("chat:abc"))

    def test_a_topic_that_is_gone_is_a_clear_error(self) -> None:
        self.server.reply("getByIds", body={"media_topics": []})
        with self.assertRaisesRegex(ChannelError, "не найдена"):
            self.adapter.read_post_metrics("topic1")
