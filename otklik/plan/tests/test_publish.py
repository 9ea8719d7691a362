"""Publishing at the time: each (post, channel) once, against a local stand-in of the platforms."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.utils import timezone

from otklik.plan import actions
from otklik.plan.models import Post, PostChannel
from otklik.plan.tests.helpers import PlanTestCase, tg_source, vk_source
from otklik.sources.http import ChannelError, Uncertain
from otklik.sources.localserver import LocalServer

SENT = {"ok": True, "result": {"message_id": 77, "chat": {"id": -1001234567890}, "date": 1}}
WALL = {"response": {"post_id": 45}}
TOO_MANY = {
    "ok": False,
    "error_code": 429,
    "description": "Too Many Requests: retry after 120",
    "parameters": {"retry_after": 120},
}


class PublishTest(PlanTestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__, None, None, None)
        self.server.reply("sendMessage", body=SENT)
        self.server.reply("wall.post", body=WALL)
        self.vk = vk_source(base_url=self.server.url)
        self.tg = tg_source(base_url=self.server.url)

    def calls(self) -> int:
        return len(self.server.calls("sendMessage")) + len(self.server.calls("wall.post"))

    def test_n_posts_by_m_channels_are_n_by_m_calls(self) -> None:
        posts = [self.approved([self.vk, self.tg], text=f"Пост {n}") for n in range(3)]
        self.assertEqual(actions.publish_due(), 6)
        self.assertEqual(actions.publish_due(), 0)
        self.assertEqual(self.calls(), 6)
        for post in posts:
            post.refresh_from_db()
            self.assertEqual(post.state, Post.State.PUBLISHED)
        vk = PostChannel.objects.filter(source=self.vk).first()
        self.assertEqual((vk.external_id, vk.url), ("wall-1_45", "https://vk.com/wall-1_45"))
        tg = PostChannel.objects.filter(source=self.tg).first()
        self.assertEqual(tg.url, "https://t.me/city_adm/77")
        guids = {r.data().get("guid") for r in self.server.calls("wall.post")}
        expected = {f"otklik-post-{c.pk}" for c in PostChannel.objects.filter(source=self.vk)}
        self.assertEqual(guids, expected)

    def test_two_claimers_interleaved_send_each_once(self) -> None:
        for n in range(3):
            self.approved([self.vk, self.tg], text=f"Пост {n}")
        first = actions.claim_due(2, worker="w1")
        second = actions.claim_due(50, worker="w2")
        again = actions.claim_due(50, worker="w1")
        self.assertEqual((len(first), len(second), len(again)), (2, 4, 0))
        self.assertFalse({c.pk for c in first} & {c.pk for c in second})
        for a, b in zip(first, second, strict=False):
            actions.publish_channel(a, "w1")
            actions.publish_channel(b, "w2")
        for b in second[len(first) :]:
            actions.publish_channel(b, "w2")
        self.assertEqual(actions.publish_due(), 0)
        self.assertEqual(self.calls(), 6)
        self.assertEqual(Post.objects.filter(state=Post.State.PUBLISHED).count(), 3)

    def test_rate_limited_first_calls_wait_then_go_once(self) -> None:
        self.server.replies["sendMessage"] = []
        self.server.reply("sendMessage", 429, body=TOO_MANY)
        self.server.reply("sendMessage", 429, body=TOO_MANY)
        self.server.reply("sendMessage", body=SENT)
        for n in range(2):
            self.approved([self.tg], text=f"Пост {n}")
        self.assertEqual(actions.publish_due(), 2)
        waiting = PostChannel.objects.filter(state=PostChannel.State.PENDING)
        self.assertEqual(waiting.count(), 2)
        for channel in waiting:
            self.assertGreater(channel.next_attempt_at, timezone.now() + timedelta(seconds=100))
            self.assertTrue(channel.reason)
        self.assertEqual(actions.publish_due(), 0)  # not due yet
        PostChannel.objects.update(next_attempt_at=timezone.now())
        self.assertEqual(actions.publish_due(), 2)
        self.assertEqual(len(self.server.calls("sendMessage")), 4)  # 2 refused + 2 sent
        self.assertEqual(PostChannel.objects.filter(state=PostChannel.State.PUBLISHED).count(), 2)

    def test_no_answer_without_a_key_asks_a_human_and_never_resends(self) -> None:
        post = self.approved([self.tg])
        lost = Uncertain("Telegram POST sendMessage: ответа нет (TimeoutError) после отправки")
        with mock.patch.object(actions, "_send", side_effect=lost):
            self.assertEqual(actions.publish_due(), 1)
        channel = PostChannel.objects.get(post=post)
        self.assertEqual(channel.state, PostChannel.State.FAILED)
        self.assertEqual(channel.reason, actions.CHECK_PAGE)
        self.assertEqual(actions.publish_due(), 0)
        self.assertEqual(self.calls(), 0)

    def test_no_answer_on_vk_is_retried_with_the_same_guid(self) -> None:
        post = self.approved([self.vk])
        with mock.patch.object(actions, "_send", side_effect=ChannelError("сетевая ошибка")):
            actions.publish_due()
        channel = PostChannel.objects.get(post=post)
        self.assertEqual(channel.state, PostChannel.State.PENDING)

    def test_future_post_is_not_published_early(self) -> None:
        post = self.approved([self.vk, self.tg], publish_at=self.future())
        draft = self.post([self.vk])  # due but not approved
        self.assertEqual(actions.publish_due(), 0)
        self.assertEqual(self.calls(), 0)
        post.refresh_from_db()
        draft.refresh_from_db()
        self.assertEqual((post.state, draft.state), (Post.State.APPROVED, Post.State.DRAFT))

    def test_crash_mid_send_without_a_key_asks_a_human_and_never_resends(self) -> None:
        post = self.approved([self.tg])
        channel = PostChannel.objects.get(post=post)
        PostChannel.objects.filter(pk=channel.pk).update(
            state=PostChannel.State.IN_FLIGHT,
            claimed_by="dead",
            attempts=1,
            lease_until=timezone.now() - timedelta(seconds=1),
        )
        actions.publish_due()
        actions.publish_due()
        self.assertEqual(self.calls(), 0)
        channel.refresh_from_db()
        self.assertEqual(channel.state, PostChannel.State.FAILED)
        self.assertIn("Требует проверки", channel.reason)
        post.refresh_from_db()
        self.assertEqual(post.state, Post.State.FAILED)
        actions.retry_channel(self.moderator, channel)
        self.assertEqual(actions.publish_due(), 1)
        self.assertEqual(self.calls(), 1)
        post.refresh_from_db()
        self.assertEqual(post.state, Post.State.PUBLISHED)

    def test_crash_mid_send_on_vk_is_resent_with_the_same_guid(self) -> None:
        post = self.approved([self.vk])
        channel = PostChannel.objects.get(post=post)
        PostChannel.objects.filter(pk=channel.pk).update(
            state=PostChannel.State.IN_FLIGHT,
            claimed_by="dead",
            lease_until=timezone.now() - timedelta(seconds=1),
        )
        self.assertEqual(actions.publish_due(), 1)
        (call,) = self.server.calls("wall.post")
        self.assertEqual(call.data()["guid"], f"otklik-post-{channel.pk}")

    def test_live_lease_is_not_taken_over(self) -> None:
        post = self.approved([self.vk])
        PostChannel.objects.filter(post=post).update(
            state=PostChannel.State.IN_FLIGHT,
            claimed_by="alive",
            lease_until=timezone.now() + timedelta(minutes=1),
        )
        self.assertEqual(actions.publish_due(), 0)
        self.assertEqual(self.calls(), 0)

    def test_refusal_is_explained_in_russian_and_one_channel_fails(self) -> None:
        self.server.replies["wall.post"] = []
        self.server.reply(
            "wall.post", body={"error": {"error_code": 15, "error_msg": "Access denied"}}
        )
        post = self.approved([self.vk, self.tg])
        actions.publish_due()
        post.refresh_from_db()
        failed = PostChannel.objects.get(source=self.vk)
        self.assertEqual(failed.state, PostChannel.State.FAILED)
        self.assertIn("Access denied", failed.error)
        self.assertRegex(failed.reason, "[а-я]")
        self.assertEqual(post.state, Post.State.PARTLY_FAILED)
