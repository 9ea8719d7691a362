"""The statistics schedule: steps after publication, one reader per step, replays change
nothing, platforms without statistics say so, errors move the step later; subscribers daily."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest import mock

from django.utils import timezone

from otklik.plan.actions import metrics
from otklik.plan.models import Post, PostChannel, PostMetric, SubscriberCount
from otklik.plan.tests.helpers import PlanTestCase, tg_source, vk_source
from otklik.sources.http import AuthError, ChannelError
from otklik.sources.localserver import LocalServer
from otklik.sources.models import Source

VK_FIXTURES = Path(metrics.__file__).resolve().parents[2] / "sources" / "vk" / "fixtures"
HOUR = timedelta(hours=1)


def vk_fixture(name: str) -> dict[str, Any]:
    return json.loads((VK_FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


class FakeAdapter:
    """A platform's adapter as the metrics see it: answers or raises what it is given."""

    no_metrics = ""

    def __init__(self, answer: Any = None, error: Exception | None = None) -> None:
        self.answer, self.error, self.calls = answer, error, 0

    def read_post_metrics(self, external_id: str) -> Any:
        return self._give()

    def subscribers(self) -> Any:
        return self._give()

    def _give(self) -> Any:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return self.answer


class MetricsTestCase(PlanTestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__, None, None, None)
        self.vk = vk_source(base_url=self.server.url)
        self.tg = tg_source(base_url=self.server.url)
        self.now = timezone.now().replace(microsecond=0)
        metrics._subscribers_retry.clear()

    def published(
        self, source: Source, ago: timedelta = HOUR, external_id: str = "wall-1_2"
    ) -> PostChannel:
        """A channel published `ago` before now (seeded: the publishing is tested elsewhere)."""
        post = self.post([source])
        at = self.now - ago
        PostChannel.objects.filter(post=post).update(
            state=PostChannel.State.PUBLISHED,
            external_id=external_id,
            published_at=at,
            next_metrics_at=at + metrics.FIRST,
        )
        Post.objects.filter(pk=post.pk).update(state=Post.State.PUBLISHED)
        return PostChannel.objects.get(post=post)

    def vk_answers(self) -> None:
        self.server.reply("wall.getById", body=vk_fixture("wall_get_by_id"))
        self.server.reply("stats.getPostReach", body=vk_fixture("stats_get_post_reach"))

    def fake(self, adapter: FakeAdapter) -> Any:
        return mock.patch.object(metrics, "adapter_for", lambda source: adapter)


class ScheduleTest(MetricsTestCase):
    def test_every_step_then_none(self) -> None:
        self.vk_answers()
        channel = self.published(self.vk, ago=timedelta(0))
        published = channel.published_at
        for label, delay in metrics.STEPS:
            self.assertEqual(metrics.collect_due(now=published + delay - timedelta(seconds=1)), 0)
            self.assertEqual(metrics.collect_due(now=published + delay), 1)
            channel.refresh_from_db()
            self.assertTrue(PostMetric.objects.filter(channel=channel, step=label).exists())
        self.assertIsNone(channel.next_metrics_at)
        self.assertEqual(channel.metrics_step, len(metrics.STEPS))
        self.assertEqual(
            list(PostMetric.objects.filter(channel=channel).values_list("step", flat=True)),
            ["1h", "6h", "24h", "72h", "7d"],
        )
        metric = PostMetric.objects.get(channel=channel, step="7d")
        self.assertEqual((metric.views, metric.likes, metric.reposts), (2150, 41, 5))
        self.assertEqual((metric.comments, metric.reach), (7, 1730))

    def test_next_step_is_counted_from_publication(self) -> None:
        self.vk_answers()
        channel = self.published(self.vk, ago=HOUR)
        metrics.collect_due(now=self.now + timedelta(minutes=3))
        channel.refresh_from_db()
        self.assertEqual(channel.next_metrics_at, channel.published_at + timedelta(hours=6))
        self.assertEqual((channel.metrics_step, channel.metrics_note), (1, ""))

    def test_a_late_read_skips_to_the_latest_due_step(self) -> None:
        self.vk_answers()
        channel = self.published(self.vk, ago=timedelta(hours=25))
        self.assertEqual(metrics.collect_due(now=self.now), 1)
        channel.refresh_from_db()
        self.assertEqual(list(PostMetric.objects.values_list("step", flat=True)), ["24h"])
        self.assertEqual(channel.next_metrics_at, channel.published_at + timedelta(hours=72))

    def test_only_published_channels_are_read(self) -> None:
        channel = self.published(self.vk)
        PostChannel.objects.filter(pk=channel.pk).update(state=PostChannel.State.FAILED)
        self.assertEqual(metrics.collect_due(now=self.now), 0)
        self.assertEqual(self.server.requests, [])


class ClaimTest(MetricsTestCase):
    def test_two_workers_with_the_same_candidates_claim_once(self) -> None:
        channel = self.published(self.vk)
        due, step, lease = channel.next_metrics_at, channel.metrics_step, self.now + HOUR
        self.assertTrue(metrics.claim_one(channel.pk, due, step, lease))
        self.assertFalse(metrics.claim_one(channel.pk, due, step, lease + HOUR))

    def test_a_claimed_step_is_not_read_again(self) -> None:
        self.vk_answers()
        self.published(self.vk)
        first = metrics.claim_due(now=self.now)
        second = metrics.claim_due(now=self.now)
        self.assertEqual((len(first), len(second)), (1, 0))
        self.assertTrue(metrics.collect_one(first[0], self.now))
        self.assertEqual(metrics.collect_due(now=self.now), 0)
        self.assertEqual(len(self.server.calls("wall.getById")), 1)

    def test_a_dead_workers_lease_is_taken_over(self) -> None:
        self.published(self.vk)
        metrics.claim_due(now=self.now)  # this worker dies here
        later = self.now + metrics.LEASE + timedelta(seconds=1)
        self.assertEqual(len(metrics.claim_due(now=later)), 1)

    def test_replay_changes_nothing(self) -> None:
        channel = self.published(self.vk)
        claim = metrics.claim_due(now=self.now)[0]
        values = {"views": 10, "likes": 1, "reposts": 0, "comments": 2}
        self.assertTrue(metrics.record_step(claim, values, self.now))
        self.assertFalse(metrics.record_step(claim, {**values, "views": 999}, self.now))
        self.assertEqual(PostMetric.objects.get(channel=channel).views, 10)
        channel.refresh_from_db()
        self.assertEqual(channel.metrics_step, 1)

    def test_the_same_step_read_again_is_updated_not_doubled(self) -> None:
        channel = self.published(self.vk)
        metrics.record_step(metrics.claim_due(now=self.now)[0], {"views": 10}, self.now)
        PostChannel.objects.filter(pk=channel.pk).update(
            metrics_step=0, next_metrics_at=self.now
        )  # the schedule set back: the step is read a second time
        metrics.record_step(metrics.claim_due(now=self.now)[0], {"views": 12}, self.now)
        self.assertEqual(list(PostMetric.objects.values_list("step", "views")), [("1h", 12)])


class PlatformTest(MetricsTestCase):
    def test_telegram_says_it_gives_none_and_stops(self) -> None:
        channel = self.published(self.tg, external_id="tg-1001234567890_77")
        self.assertEqual(metrics.collect_due(now=self.now), 1)
        channel.refresh_from_db()
        self.assertIsNone(channel.next_metrics_at)
        self.assertIn("Telegram не отдаёт ботам просмотры", channel.metrics_note)
        self.assertFalse(PostMetric.objects.exists())
        self.assertEqual(self.server.requests, [])

    def test_rate_limit_moves_the_step_later(self) -> None:
        self.server.reply("wall.getById", body={"error": {"error_code": 29,
                          "error_msg": "Rate limit reached"}})  # fmt: skip
        channel = self.published(self.vk)
        self.assertEqual(metrics.collect_due(now=self.now), 1)
        channel.refresh_from_db()
        self.assertGreaterEqual(channel.next_metrics_at, self.now + metrics.RATE_LIMITED)
        self.assertEqual(channel.metrics_step, 0)
        self.assertTrue(channel.metrics_note)
        self.assertFalse(PostMetric.objects.exists())

    def test_network_error_backs_off_and_never_raises(self) -> None:
        channel = self.published(self.vk)
        with self.fake(FakeAdapter(error=ChannelError("ВКонтакте: сетевая ошибка: URLError"))):
            self.assertEqual(metrics.collect_due(now=self.now), 1)
        channel.refresh_from_db()
        self.assertEqual(channel.next_metrics_at, self.now + metrics.RETRY)
        self.assertEqual(metrics.collect_due(now=self.now), 0)

    def test_auth_error_leaves_a_russian_note(self) -> None:
        channel = self.published(self.vk)
        with self.fake(FakeAdapter(error=AuthError("ВКонтакте: авторизация не прошла"))):
            metrics.collect_due(now=self.now)
        channel.refresh_from_db()
        self.assertIn("статистика не читается", channel.metrics_note)
        self.assertEqual(channel.next_metrics_at, self.now + metrics.AUTH_RETRY)

    def test_errors_stop_a_day_after_the_last_step(self) -> None:
        channel = self.published(self.vk, ago=timedelta(days=8))
        with self.fake(FakeAdapter(error=ChannelError("сбой"))):
            metrics.collect_due(now=self.now)
        channel.refresh_from_db()
        self.assertIsNone(channel.next_metrics_at)
        self.assertIn("больше не запрашивается", channel.metrics_note)


class SubscribersTest(MetricsTestCase):
    def test_once_a_day_per_source(self) -> None:
        adapter = FakeAdapter(answer=1500)
        with self.fake(adapter):
            self.assertEqual(metrics.collect_subscribers(now=self.now), 2)
            self.assertEqual(metrics.collect_subscribers(now=self.now), 0)
        self.assertEqual(adapter.calls, 2)
        row = SubscriberCount.objects.get(source=self.vk)
        self.assertEqual((row.day, row.count), (timezone.localdate(self.now), 1500))

    def test_a_new_day_is_a_new_row(self) -> None:
        with self.fake(FakeAdapter(answer=10)):
            metrics.collect_subscribers(now=self.now)
            metrics.collect_subscribers(now=self.now + timedelta(days=1))
        self.assertEqual(SubscriberCount.objects.filter(source=self.vk).count(), 2)

    def test_a_failing_source_waits_an_hour(self) -> None:
        adapter = FakeAdapter(error=ChannelError("сбой"))
        with self.fake(adapter):
            self.assertEqual(metrics.collect_subscribers(now=self.now), 0)
            self.assertEqual(metrics.collect_subscribers(now=self.now), 0)
            self.assertEqual(adapter.calls, 2)  # one per source, not again at once
            metrics.collect_subscribers(now=self.now + metrics.SUBSCRIBERS_RETRY + HOUR)
            self.assertEqual(adapter.calls, 4)
        self.assertFalse(SubscriberCount.objects.exists())

    def test_only_platforms_we_publish_to(self) -> None:
        Source.objects.create(name="feed", kind=Source.Kind.FEED, settings={"url": "x"})
        with self.fake(FakeAdapter(answer=5)):
            self.assertEqual(metrics.collect_subscribers(now=self.now), 2)

    def test_registered_with_the_worker(self) -> None:
        from otklik import periodic

        names = periodic.names()
        self.assertIn("otklik.plan.actions.metrics.collect_due", names)
        self.assertIn("otklik.plan.actions.metrics.collect_subscribers", names)
