"""VK: polls.create in the community, wall.post with the poll attached, polls.getById for the
counts; without an administrator's user token the channel is skipped, in Russian."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from otklik.polls import actions
from otklik.polls.models import ChannelCount, PollChannel
from otklik.polls.tests.helpers import OPTIONS, QUESTION, PollsTestCase, fixture, vk_source
from otklik.sources.localserver import LocalServer


class VkPollTest(PollsTestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__, None, None, None)
        self.server.reply("polls.create", body=fixture("vk_polls_create"))
        self.server.reply("wall.post", body=fixture("vk_wall_post"))
        self.server.reply("polls.getById", body=fixture("vk_polls_get_by_id"))

    def test_create_post_and_read_counts(self) -> None:
        vk = vk_source(base_url=self.server.url)
        poll = self.poll(description="Выберите место для площадки")
        [channel] = actions.publish_poll(self.moderator, poll, [vk])
        self.assertEqual(channel.state, PollChannel.State.PUBLISHED, channel.reason)
        self.assertEqual(
            (channel.external_id, channel.url), ("wall-1_145", "https://vk.com/wall-1_145")
        )
        self.assertEqual(channel.answer_ids, [2781234501, 2781234502, 2781234503])
        [create] = self.server.calls("polls.create")
        data = create.data()
        self.assertEqual(
            (data["owner_id"], data["question"], data["access_token"]), ("-1", QUESTION, "u")
        )
        self.assertEqual(data["add_answers"], '["' + '", "'.join(OPTIONS) + '"]')
        [post] = self.server.calls("wall.post")
        data = post.data()
        self.assertEqual(data["attachments"], "poll-1_812345678")
        self.assertEqual((data["from_group"], data["guid"]), ("1", f"otklik-poll-{channel.pk}"))

        self.assertEqual(actions.fetch_vk_counts(), 1)
        self.assertEqual(actions.fetch_vk_counts(), 0)  # not due again for a while
        counts = ChannelCount.objects.filter(channel=channel).order_by("option__position")
        self.assertEqual(list(counts.values_list("count", flat=True)), [25, 10, 5])
        [get] = self.server.calls("polls.getById")
        self.assertEqual((get.data()["owner_id"], get.data()["poll_id"]), ("-1", "812345678"))

        actions.close_poll(self.moderator, poll)  # one last reading after the end
        PollChannel.objects.filter(pk=channel.pk).update(
            next_fetch_at=timezone.now() - timedelta(1)
        )
        self.assertEqual(actions.fetch_vk_counts(), 1)
        PollChannel.objects.filter(pk=channel.pk).update(
            next_fetch_at=timezone.now() - timedelta(1)
        )
        self.assertEqual(actions.fetch_vk_counts(), 0)

    def test_without_a_user_token_it_is_skipped(self) -> None:
        vk = vk_source(base_url=self.server.url, user_token=False)
        [channel] = actions.publish_poll(self.moderator, self.poll(), [vk])
        self.assertEqual(channel.state, PollChannel.State.SKIPPED)
        self.assertIn("нужен токен администратора сообщества (user_token)", channel.reason)
        self.assertEqual(self.server.requests, [])

    def test_a_refusal_is_explained_and_may_be_retried(self) -> None:
        self.server.replies["polls.create"] = []
        self.server.reply(
            "polls.create", body={"error": {"error_code": 15, "error_msg": "Access denied"}}
        )
        self.server.reply("polls.create", body=fixture("vk_polls_create"))
        vk = vk_source(base_url=self.server.url)
        poll = self.poll()
        [channel] = actions.publish_poll(self.moderator, poll, [vk])
        self.assertEqual(channel.state, PollChannel.State.FAILED)
        self.assertTrue(channel.reason)
        [channel] = actions.publish_poll(self.moderator, poll, [vk])
        self.assertEqual(channel.state, PollChannel.State.PUBLISHED)
