"""Bots Long Poll and keyword monitoring against a local server speaking VK's wire format."""

from __future__ import annotations

import logging
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client

from otklik.inbox.models import Message
from otklik.sources.actions import process_pending
from otklik.sources.http import ChannelError
from otklik.sources.models import InboundPayload, Source
from otklik.sources.vk.adapter import VkAdapter
from otklik.sources.vk.tests.helpers import TOKEN, fixture
from otklik.sources.vk.tests.test_client import ServerTestCase

KEY = fixture("groups_get_long_poll_server")["response"]["key"]


class LongPollTest(ServerTestCase):
    def setUp(self) -> None:
        super().setUp()
        session = fixture("groups_get_long_poll_server")
        session["response"]["server"] = self.server.url + "whp1"
        self.server.reply("groups.getLongPollServer", body=session)

    def long_poll_adapter(self) -> VkAdapter:
        adapter = self.adapter()
        adapter.source.settings["long_poll"] = True
        adapter.source.save(update_fields=["settings"])
        return adapter

    def checks(self) -> list[dict[str, str]]:
        return [dict(r.query()) for r in self.server.calls("whp1")]

    def test_first_poll_gets_a_session_then_stores_updates_and_ts(self) -> None:
        self.server.reply("whp1", body=fixture("long_poll_updates"))
        adapter = self.long_poll_adapter()
        self.assertEqual(adapter.poll(wait=0), 2)
        self.assertEqual(self.checks()[0]["act"], "a_check")
        self.assertEqual(self.checks()[0]["ts"], "1040")
        self.assertEqual(self.checks()[0]["wait"], "0")
        adapter.source.refresh_from_db()
        self.assertEqual(adapter.source.cursor["ts"], "1042")
        self.assertEqual(process_pending(), 2)
        self.assertTrue(Message.objects.filter(external_id="comment-1_3").exists())

    def test_the_same_event_by_callback_and_long_poll_is_stored_once(self) -> None:
        adapter = self.long_poll_adapter()
        Client().post("/hooks/vk/city/", fixture("wall_reply_new"), content_type="application/json")
        self.server.reply("whp1", body=fixture("long_poll_updates"))
        self.assertEqual(adapter.poll(wait=0), 1)  # only the deletion is new
        self.assertEqual(InboundPayload.objects.count(), 2)

    def test_failed_1_continues_from_the_new_ts(self) -> None:
        self.server.reply("whp1", body=fixture("long_poll_failed_1"))
        self.server.reply("whp1", body=fixture("long_poll_empty"))
        self.long_poll_adapter().poll(wait=0)
        self.assertEqual([c["ts"] for c in self.checks()], ["1040", "1100"])
        self.assertEqual(len(self.server.calls("groups.getLongPollServer")), 1)

    def test_failed_2_gets_a_new_key_and_keeps_the_ts(self) -> None:
        adapter = self.long_poll_adapter()
        adapter.save_cursor(lp_server=self.server.url + "whp1", lp_key="old", ts="1077")
        self.server.reply("whp1", body=fixture("long_poll_failed_2"))
        self.server.reply("whp1", body=fixture("long_poll_empty"))
        adapter.poll(wait=0)
        self.assertEqual([(c["key"], c["ts"]) for c in self.checks()],
                         [("old", "1077"), (KEY, "1077")])  # fmt: skip

    def test_failed_3_gets_a_new_key_and_ts(self) -> None:
        adapter = self.long_poll_adapter()
        adapter.save_cursor(lp_server=self.server.url + "whp1", lp_key="old", ts="1077")
        self.server.reply("whp1", body=fixture("long_poll_failed_3"))
        self.server.reply("whp1", body=fixture("long_poll_empty"))
        with self.assertLogs("otklik.sources.vk.adapter", logging.WARNING):
            adapter.poll(wait=0)
        self.assertEqual([(c["key"], c["ts"]) for c in self.checks()],
                         [("old", "1077"), (KEY, "1040")])  # fmt: skip

    def test_endless_failures_give_a_clear_error_and_never_log_the_key(self) -> None:
        self.server.reply("whp1", body=fixture("long_poll_failed_2"))
        with self.assertRaisesMessage(ChannelError, "раз за разом отвечает «failed»") as caught:
            self.long_poll_adapter().poll(wait=0)
        self.assertNotIn(KEY, str(caught.exception))

    def test_polling_needs_long_poll_or_monitoring(self) -> None:
        with self.assertRaisesMessage(ChannelError, "Callback API"):
            self.adapter().poll()


class MonitoringTest(ServerTestCase):
    def monitoring_adapter(self, **secrets: Any) -> VkAdapter:
        adapter = self.adapter()
        adapter.source.settings["monitor_keywords"] = ["Северск"]
        adapter.source.save(update_fields=["settings"])
        adapter.source.credential.secrets.update(secrets)
        adapter.source.credential.save()
        return adapter

    def test_off_by_default(self) -> None:
        self.server.reply("newsfeed.search", body=fixture("newsfeed_search"))
        with self.assertRaises(ChannelError):
            self.adapter().poll()
        self.assertEqual(self.server.calls("newsfeed.search"), [])

    def test_public_posts_become_flagged_post_messages_once(self) -> None:
        self.server.reply("newsfeed.search", body=fixture("newsfeed_search"))
        adapter = self.monitoring_adapter(service_token="service-token")
        self.assertEqual(adapter.poll(), 2)
        call = self.server.calls("newsfeed.search")[0].data()
        self.assertEqual((call["q"], call["access_token"]), ("Северск", "service-token"))
        self.assertEqual(adapter.poll(), 0)  # the same posts again: nothing new
        second = self.server.calls("newsfeed.search")[1].data()
        self.assertGreater(int(second["start_time"]), int(call["start_time"]))
        process_pending()
        message = Message.objects.get(external_id="wall29514_8812")
        self.assertEqual(message.kind, "post")
        self.assertEqual(message.attachments[-1]["type"], "monitoring")
        self.assertTrue(message.attachments[-1]["public_post"])
        self.assertEqual(message.attachments[-1]["keyword"], "Северск")

    def test_falls_back_to_the_community_token(self) -> None:
        self.server.reply("newsfeed.search", body=fixture("newsfeed_search"))
        self.monitoring_adapter().poll()
        self.assertEqual(self.server.calls("newsfeed.search")[0].data()["access_token"], TOKEN)


class MonitoringCliTest(ServerTestCase):
    def test_cli_marks_monitoring_as_public_posts(self) -> None:
        out = StringIO()
        call_command(
            "source", "add", "vk", "--name", "mon", "--group-id", "1", "--secret", "s",
            "--confirmation", "c", "--monitor-keywords", "Северск, ЗАТО Северск", stdout=out,
        )  # fmt: skip
        self.assertIn("ПУБЛИЧНЫЕ посты", out.getvalue())
        source = Source.objects.get(name="mon")
        self.assertEqual(source.settings["monitor_keywords"], ["Северск", "ЗАТО Северск"])
        self.assertGreater(source.poll_interval, 0)
        listing = StringIO()
        call_command("source", "list", stdout=listing)
        self.assertIn("мониторинг публичных постов", listing.getvalue())

    def test_cli_long_poll_polls_every_second_and_lists_marks(self) -> None:
        call_command(
            "source", "add", "vk", "--name", "lp", "--group-id", "1", "--secret", "s",
            "--confirmation", "c", "--token", TOKEN, "--long-poll", "--mayor", stdout=StringIO(),
        )  # fmt: skip
        source = Source.objects.get(name="lp")
        self.assertEqual((source.settings["long_poll"], source.poll_interval), (True, 1))
        listing = StringIO()
        call_command("source", "list", stdout=listing)
        self.assertIn("[страница мэра]  [Long Poll]", listing.getvalue())
        self.assertNotIn(TOKEN, listing.getvalue())
