"""Telegram: the native poll sent once with sendPoll, and its counts from the `poll` updates
that come in through the ordinary intake, each read once."""

from __future__ import annotations

import copy
import json
from unittest import mock

from otklik.inbox.models import Message
from otklik.polls import actions
from otklik.polls.actions import counts
from otklik.polls.actions.publish import CHECK_CHANNEL
from otklik.polls.models import ChannelCount, IntakeCursor, PollChannel
from otklik.polls.tests.helpers import OPTIONS, QUESTION, PollsTestCase, fixture, tg_source
from otklik.sources.actions import process_pending, record_payload
from otklik.sources.localserver import LocalServer
from otklik.sources.models import InboundPayload


class SendPollTest(PollsTestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__, None, None, None)
        self.tg = tg_source(base_url=self.server.url)

    def test_send_poll_once_to_the_channel(self) -> None:
        self.server.reply("sendPoll", body=fixture("telegram_send_poll"))
        poll = self.poll()
        [channel] = actions.publish_poll(self.moderator, poll, [self.tg])
        self.assertEqual(channel.state, PollChannel.State.PUBLISHED)
        self.assertEqual(channel.external_id, "tg-1001234567890_412")
        self.assertEqual(channel.platform_poll_id, "5301234567890123456")
        self.assertEqual(channel.url, "https://t.me/city_adm/412")
        [call] = self.server.calls("sendPoll")
        sent = call.data()
        self.assertEqual(sent["chat_id"], "@city_adm")
        self.assertEqual(sent["question"], QUESTION)
        self.assertEqual(sent["options"], [{"text": text} for text in OPTIONS])
        self.assertTrue(sent["is_anonymous"])
        self.assertEqual(actions.publish_poll(self.moderator, poll, [self.tg]), [])
        self.assertEqual(len(self.server.calls("sendPoll")), 1)

    def test_no_answer_is_never_resent_by_itself(self) -> None:
        self.server.reply("sendPoll", 502, body={"ok": False, "error_code": 502})
        poll = self.poll()
        [channel] = actions.publish_poll(self.moderator, poll, [self.tg])
        self.assertEqual((channel.state, channel.reason), ("failed", CHECK_CHANNEL))
        self.assertEqual(len(self.server.calls("sendPoll")), 1)

    def test_a_draft_is_not_published(self) -> None:
        with self.assertRaisesMessage(Exception, "откройте"):
            actions.publish_poll(self.moderator, self.poll(open_now=False), [self.tg])
        self.assertEqual(self.server.calls("sendPoll"), [])


class PollUpdatesTest(PollsTestCase):
    def setUp(self) -> None:
        self.tg = tg_source()
        self.poll_ = self.poll()
        self.channel = PollChannel.objects.create(
            poll=self.poll_,
            source=self.tg,
            state=PollChannel.State.PUBLISHED,
            external_id="tg-1001234567890_412",
            platform_poll_id="5301234567890123456",
        )

    def webhook(self, body: dict) -> None:
        response = self.client.post(
            f"/hooks/telegram/{self.tg.name}/",
            data=json.dumps(body, ensure_ascii=False),
            content_type="application/json",
            headers={"X-Telegram-Bot-Api-Secret-Token": "s3cr3t"},
        )
        self.assertEqual(response.status_code, 200)

    def counts(self) -> list[int]:
        rows = ChannelCount.objects.filter(channel=self.channel).order_by("option__position")
        return list(rows.values_list("count", flat=True))

    def test_poll_update_is_stored_raw_and_makes_no_message(self) -> None:
        self.webhook(fixture("telegram_poll_update"))
        payload = InboundPayload.objects.get(source=self.tg)
        self.assertEqual(payload.event_type, "poll")
        process_pending()
        payload.refresh_from_db()
        self.assertEqual(payload.status, InboundPayload.Status.SKIPPED)
        self.assertFalse(Message.objects.filter(source=self.tg).exists())

    def test_counts_are_read_once_from_the_stored_updates(self) -> None:
        self.webhook(fixture("telegram_poll_update"))
        later = copy.deepcopy(fixture("telegram_poll_update"))
        later["update_id"] += 1
        later["poll"]["options"][2]["voter_count"] = 7
        later["poll"]["total_voter_count"] = 30
        record_payload(self.tg, str(later["update_id"]), later, event_type="poll")  # getUpdates
        self.assertEqual(actions.read_telegram_polls(), 2)
        self.assertEqual(actions.read_telegram_polls(), 0)  # each read once
        self.assertEqual(self.counts(), [14, 9, 7])
        self.channel.refresh_from_db()
        self.assertEqual(self.channel.total_voters, 30)
        last = InboundPayload.objects.filter(event_type="poll").order_by("pk").last()
        self.assertEqual(IntakeCursor.objects.get(name="telegram-poll").position, last.pk)

    def test_a_stale_cursor_loses_the_batch_to_the_winner(self) -> None:
        self.webhook(fixture("telegram_poll_update"))
        real = counts._batch

        def raced(position: int, batch: int) -> list:
            rows = real(position, batch)  # another worker moves the cursor meanwhile
            IntakeCursor.objects.filter(name="telegram-poll").update(position=rows[-1][0])
            return rows

        with mock.patch.object(counts, "_batch", raced):
            self.assertEqual(actions.read_telegram_polls(), 0)
        self.assertEqual(self.counts(), [])

    def test_other_polls_and_other_updates_are_passed_over(self) -> None:
        stranger = copy.deepcopy(fixture("telegram_poll_update"))
        stranger["poll"]["id"] = "999"
        self.webhook(stranger)
        self.webhook({"update_id": 10030, "poll": "не объект"})
        self.assertEqual(actions.read_telegram_polls(), 2)
        self.assertEqual(self.counts(), [])
