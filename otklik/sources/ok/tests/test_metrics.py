"""Odnoklassniki statistics: the group's members; post statistics are not read yet."""

from __future__ import annotations

from django.test import TestCase

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

    def test_post_statistics_not_read_yet(self) -> None:
        self.assertIsNone(self.adapter.read_post_metrics("topic155000000001"))
        self.assertIn("пока не читаем", self.adapter.no_metrics)
        self.assertEqual(self.server.requests, [])
