"""The callback's hot path: one INSERT per event; a changed secret is seen at once."""

from __future__ import annotations

from django.test import TestCase

from otklik.ops.bench_webhooks import bench_backfill
from otklik.sources.channels import save_channel_source
from otklik.sources.models import InboundPayload
from otklik.sources.vk.tests.helpers import fixture, make_source, post_event


class HotPathTest(TestCase):
    def setUp(self) -> None:
        self.source = make_source()

    def test_a_callback_costs_one_insert_once_warm(self) -> None:
        post_event(self.client, fixture("wall_reply_new"))  # fills the source cache
        event = {**fixture("wall_reply_new"), "event_id": "another"}
        with self.assertNumQueries(1):
            self.assertEqual(post_event(self.client, event).content, b"ok")
        with self.assertNumQueries(1):  # a redelivery is ignored by the same insert
            self.assertEqual(post_event(self.client, event).content, b"ok")
        self.assertEqual(InboundPayload.objects.count(), 2)
        self.source.refresh_from_db()
        self.assertIsNotNone(self.source.last_event_at)

    def test_a_rotated_secret_applies_at_once(self) -> None:
        post_event(self.client, fixture("wall_reply_new"))
        save_channel_source("city", "vk", {}, {"secret": "rotated"})
        self.assertEqual(post_event(self.client, fixture("wall_reply_new")).status_code, 403)
        event = {**fixture("wall_reply_new"), "secret": "rotated", "event_id": "x2"}
        self.assertEqual(post_event(self.client, event).content, b"ok")

    def test_an_unknown_or_disabled_source_is_404(self) -> None:
        self.assertEqual(
            post_event(self.client, fixture("wall_reply_new"), "nope").status_code, 404
        )
        self.source.is_active = False
        self.source.save()
        self.assertEqual(post_event(self.client, fixture("wall_reply_new")).status_code, 404)


class BackfillBenchTest(TestCase):
    def test_backfill_bench_counts_every_payload_once(self) -> None:
        result = bench_backfill(250)
        self.assertEqual(result["payloads"], 253)  # 3 posts and 250 comments
        self.assertEqual(result["new"], 253)
        self.assertEqual(result["replay_new"], 0)
