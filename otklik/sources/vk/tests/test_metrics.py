"""VK statistics: a post's counters, its reach (admin token only) and the community's members."""

from __future__ import annotations

from django.test import TestCase

from otklik.sources.http import ChannelError
from otklik.sources.localserver import LocalServer
from otklik.sources.models import SourceCredential
from otklik.sources.vk.adapter import VkAdapter
from otklik.sources.vk.tests.helpers import TOKEN, fixture, make_source

USER_TOKEN = "vk1.a.admin-user-token-never-logged"


class MetricsTest(TestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__)
        self.source = make_source(base_url=self.server.url)

    def adapter(self, user_token: str = "") -> VkAdapter:
        if user_token:
            SourceCredential.objects.filter(source=self.source).update(
                secrets={"token": TOKEN, "user_token": user_token}
            )
            self.source.refresh_from_db()
        return VkAdapter(self.source, sleep=lambda s: None, rate=1000)

    def test_counters_without_admin_token_have_no_reach(self) -> None:
        self.server.reply("wall.getById", body=fixture("wall_get_by_id"))
        metrics = self.adapter().read_post_metrics("wall-1_2")
        self.assertEqual(
            metrics, {"views": 2150, "likes": 41, "reposts": 5, "comments": 7, "reach": None}
        )
        self.assertEqual(self.server.calls("wall.getById")[0].data()["posts"], "-1_2")
        self.assertEqual(self.server.calls("stats.getPostReach"), [])

    def test_reach_with_admin_token(self) -> None:
        self.server.reply("wall.getById", body=fixture("wall_get_by_id"))
        self.server.reply("stats.getPostReach", body=fixture("stats_get_post_reach"))
        metrics = self.adapter(USER_TOKEN).read_post_metrics("wall-1_2")
        self.assertEqual(metrics["reach"], 1730)
        request = self.server.calls("stats.getPostReach")[0].data()
        self.assertEqual((request["owner_id"], request["post_ids"]), ("-1", "2"))
        self.assertEqual(request["access_token"], USER_TOKEN)
        # wall.getById takes a user or service token, never the community one
        self.assertEqual(self.server.calls("wall.getById")[0].data()["access_token"], USER_TOKEN)

    def test_reach_refused_degrades_to_none(self) -> None:
        self.server.reply("wall.getById", body=fixture("wall_get_by_id"))
        self.server.reply("stats.getPostReach", body=fixture("error_permission"))
        metrics = self.adapter(USER_TOKEN).read_post_metrics("wall-1_2")
        self.assertIsNone(metrics["reach"])
        self.assertEqual(metrics["views"], 2150)

    def test_deleted_post_is_an_error(self) -> None:
        self.server.reply("wall.getById", body=fixture("wall_get_by_id_empty"))
        with self.assertRaisesRegex(ChannelError, "не найден"):
            self.adapter().read_post_metrics("wall-1_2")

    def test_not_a_wall_post_gives_none(self) -> None:
        self.assertIsNone(self.adapter().read_post_metrics("msg1_2"))

    def test_subscribers(self) -> None:
        self.server.reply("groups.getById", body=fixture("groups_get_by_id_members"))
        self.assertEqual(self.adapter().subscribers(), 48210)
        request = self.server.calls("groups.getById")[0].data()
        self.assertEqual((request["group_id"], request["fields"]), ("1", "members_count"))
