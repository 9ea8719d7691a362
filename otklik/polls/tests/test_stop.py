"""Closing a poll stops its Telegram polls with stopPoll, once per channel, and keeps the final
counts; a failure is written on the channel and never keeps the poll open."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from otklik.polls import actions
from otklik.polls.models import ChannelCount, Poll, PollChannel
from otklik.polls.tests.helpers import PollsTestCase, fixture, tg_source, vk_source
from otklik.sources.localserver import LocalServer

ALREADY = {
    "ok": False,
    "error_code": 400,
    "description": "Bad Request: poll has already been closed",
}
NOT_FOUND = {
    "ok": False,
    "error_code": 400,
    "description": "Bad Request: message to edit not found",
}


class StopPollTest(PollsTestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__, None, None, None)
        self.tg = tg_source(base_url=self.server.url)
        self.poll_ = self.poll()

    def channel(self, source: object, state: str = PollChannel.State.PUBLISHED) -> PollChannel:
        return PollChannel.objects.create(
            poll=self.poll_,
            source=source,
            state=state,
            external_id="tg-1001234567890_412",
            platform_poll_id="5301234567890123456",
        )

    def counts(self, channel: PollChannel) -> list[int]:
        rows = ChannelCount.objects.filter(channel=channel).order_by("option__position")
        return list(rows.values_list("count", flat=True))

    def test_close_stops_each_telegram_channel_once_and_keeps_the_counts(self) -> None:
        self.server.reply("stopPoll", body=fixture("telegram_stop_poll"))
        channel = self.channel(self.tg)
        other = self.channel(tg_source("tg-second", base_url=self.server.url))
        self.channel(vk_source(base_url=self.server.url))
        self.channel(tg_source("tg-failed", base_url=self.server.url), PollChannel.State.FAILED)
        actions.close_poll(self.moderator, self.poll_)
        calls = self.server.calls("stopPoll")
        self.assertEqual(len(calls), 2)
        self.assertEqual(calls[0].data(), {"chat_id": -1001234567890, "message_id": 412})
        for row in (channel, other):
            row.refresh_from_db()
            self.assertIsNotNone(row.stopped_at)
            self.assertEqual(row.stop_reason, "")
            self.assertEqual(row.total_voters, 41)
            self.assertEqual(self.counts(row), [21, 12, 8])
        with self.assertRaises(ValidationError):
            actions.close_poll(self.moderator, self.poll_)  # already closed: nothing is sent
        self.assertEqual(len(self.server.calls("stopPoll")), 2)

    def test_worker_close_stops_too(self) -> None:
        self.server.reply("stopPoll", body=fixture("telegram_stop_poll"))
        channel = self.channel(self.tg)
        Poll.objects.filter(pk=self.poll_.pk).update(ends_at=timezone.now() - timedelta(hours=1))
        self.assertEqual(actions.close_due(), 1)
        self.assertEqual(actions.close_due(), 0)
        self.assertEqual(len(self.server.calls("stopPoll")), 1)
        channel.refresh_from_db()
        self.assertEqual(channel.total_voters, 41)

    def test_a_poll_already_stopped_counts_as_stopped(self) -> None:
        self.server.reply("stopPoll", 400, body=ALREADY)
        channel = self.channel(self.tg)
        actions.close_poll(self.moderator, self.poll_)
        channel.refresh_from_db()
        self.assertIsNotNone(channel.stopped_at)
        self.assertEqual(channel.stop_reason, "")

    def test_a_failure_is_recorded_and_the_poll_still_closes(self) -> None:
        self.server.reply("stopPoll", 400, body=NOT_FOUND)
        channel = self.channel(self.tg)
        self.assertTrue(actions.close_poll(self.moderator, self.poll_))
        self.poll_.refresh_from_db()
        self.assertEqual(self.poll_.state, Poll.State.CLOSED)
        channel.refresh_from_db()
        self.assertIsNone(channel.stopped_at)
        self.assertIn("message to edit not found", channel.stop_reason)
        self.assertEqual(channel.state, PollChannel.State.PUBLISHED)
