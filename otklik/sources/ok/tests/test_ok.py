"""Odnoklassniki: signatures, REST backfill and posting against a local server, the webhook."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from io import StringIO

from django.core.management import call_command
from django.test import SimpleTestCase, TestCase

from otklik.inbox.models import Message
from otklik.sources.actions import process_pending
from otklik.sources.http import AuthError, ChannelError, ManualOnly
from otklik.sources.localserver import LocalServer, Request
from otklik.sources.models import InboundPayload, Source
from otklik.sources.ok.adapter import OkAdapter
from otklik.sources.ok.client import signature
from otklik.sources.ok.tests.helpers import (
    ACCESS_TOKEN,
    BOT_TOKEN,
    SECRET_KEY,
    WEBHOOK_SECRET,
    fixture,
    make_source,
)
from otklik.sources.platform_errors import explain
from otklik.sources.polling import poll_sources


class SignatureTest(SimpleTestCase):
    def test_known_value(self) -> None:
        # md5("tkn1" + "SECRET") = d781d3855111ac824f92dfbb38ff0250, then
        # md5("application_key=CBAFJIICABABABABAformat=jsongid=7000method=group.getInfo"
        #     + "d781d3855111ac824f92dfbb38ff0250"), computed by hand with md5sum.
        params = {"method": "group.getInfo", "gid": "7000", "format": "json",
                  "application_key": "CBAFJIICABABABABA", "access_token": "tkn1"}  # fmt: skip
        self.assertEqual(signature(params, "tkn1", "SECRET"), "9079ba67933a346d1836f202396af973")


class ServerTestCase(TestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__)
        self.slept: list[float] = []
        self.source = make_source(base_url=self.server.url)
        self.adapter = OkAdapter(self.source, sleep=self.slept.append, rate=1000)


class RestTest(ServerTestCase):
    def test_requests_are_signed(self) -> None:
        self.server.reply("getInfo", body=fixture("group_get_info"))
        self.assertIn("Администрация ЗАТО Северск", self.adapter.test_connection())
        sent = self.server.calls("getInfo")[0].data()
        self.assertEqual(self.server.calls("getInfo")[0].path, "/api/group/getInfo")
        self.assertEqual((sent["method"], sent["format"]), ("group.getInfo", "json"))
        self.assertEqual(sent["access_token"], ACCESS_TOKEN)
        unsigned = {k: v for k, v in sent.items() if k != "sig"}
        self.assertEqual(sent["sig"], signature(unsigned, ACCESS_TOKEN, SECRET_KEY))
        self.assertNotIn(SECRET_KEY, self.server.requests[0].body.decode())

    def test_backfill_stores_topics_and_comments_once(self) -> None:
        self.server.reply("getList", body=fixture("discussions_get_list"))
        self.server.reply("getComments", body=fixture("discussions_get_comments"))
        since = datetime(2026, 11, 20, tzinfo=UTC)
        self.assertEqual(self.adapter.backfill(since), 3)  # the old topic is skipped
        self.assertEqual(self.adapter.backfill(since), 0)  # overlapping backfill
        comments = self.server.calls("getComments")[0].data()
        self.assertEqual(comments["entityId"], "155012345678901")
        process_pending()
        topic = Message.objects.get(kind="post")
        self.assertEqual(topic.external_id, "topic155012345678901")
        self.assertEqual(topic.url, "https://ok.ru/group/70000001234567/topic/155012345678901")
        self.assertEqual(topic.created_at, datetime(2026, 11, 25, 15, 40, 12, tzinfo=UTC))
        reply = Message.objects.get(kind="reply")
        self.assertEqual(reply.parent_external_id, "commentMTczMjYwMDAwMDAwMDo5ODc2")
        self.assertEqual(reply.thread_id, topic.thread_id)

    def test_mediatopic_post(self) -> None:
        self.server.reply("post", body=fixture("mediatopic_post"))
        self.assertEqual(self.adapter.publish_post("Новость"), "topic155012345699999")
        sent = self.server.calls("post")[0].data()
        self.assertEqual((sent["method"], sent["gid"]), ("mediatopic.post", "70000001234567"))
        media = json.loads(sent["attachment"])["media"]
        self.assertEqual(media, [{"type": "text", "text": "Новость"}])

    def test_service_error_is_retried_auth_error_stops_redacted(self) -> None:
        self.server.reply("getInfo", body=fixture("error_service"))
        self.server.reply("getInfo", body=fixture("group_get_info"))
        self.adapter.test_connection()
        self.assertEqual(len(self.slept), 1)
        self.server.replies.clear()
        self.server.reply("getInfo", body=fixture("error_session_expired"))
        with self.assertLogs("otklik", logging.DEBUG) as logs:
            logging.getLogger("otklik.sources").warning("marker")
            with self.assertRaisesRegex(AuthError, "102"):
                self.adapter.test_connection()
        for secret in (ACCESS_TOKEN, SECRET_KEY):
            self.assertNotIn(secret, "\n".join(logs.output))

    def test_5xx_then_signature_error(self) -> None:
        self.server.reply("getInfo", 502, b"<html>Bad Gateway</html>")
        self.server.reply("getInfo", body=fixture("error_signature"))
        with self.assertRaisesRegex(AuthError, "signature"):
            self.adapter.test_connection()

    def test_graph_reply_into_a_chat(self) -> None:
        chat = "chat:C3f1a2b3c4d5"
        self.server.reply(chat, body=fixture("graph_send_message"))
        self.assertEqual(self.adapter.publish_reply(chat, "Ответ"), "msgmid.0000016c8a2da001")
        call = self.server.calls(chat)[0]
        self.assertTrue(call.path.startswith("/graph/me/messages/chat:C3f1a2b3c4d5?access_token="))
        self.assertEqual(call.data()["message"], {"text": "Ответ"})
        with self.assertRaisesRegex(ChannelError, "не ответить"):
            self.adapter.publish_reply("wall-1_2", "Ответ")

    def test_discussion_reply_is_manual_by_design(self) -> None:
        with self.assertRaisesRegex(ManualOnly, "обсуждениях группы") as raised:
            self.adapter.publish_reply(
                "topic155012345678901", "Ответ администрации",
                reply_to="commentMTczMjYwMDAwMDAwMDo5ODc2",
            )  # fmt: skip
        self.assertEqual(self.server.requests, [])  # nothing was sent anywhere
        explained = explain(raised.exception, "ok")
        self.assertFalse(explained.retry)
        self.assertEqual(explained.code, "ok:manual")
        self.assertIn("Опубликовано вручную", explained.text)


class PollTest(ServerTestCase):
    """The worker polls a group's discussions; a stored cursor reads only what is new."""

    def setUp(self) -> None:
        super().setUp()
        self.topics = fixture("discussions_get_list")
        self.more = False  # a new comment arrives on the platform
        self.server.route("getList", lambda request: self.topics)
        self.server.route("getComments", self.comments)
        self.source.poll_interval = 300
        self.source.cursor = {"ok_since": "2026-11-20T00:00:00+00:00"}
        self.source.save(update_fields=["poll_interval", "cursor"])

    def comments(self, request: Request) -> object:
        anchor = request.data().get("anchor")
        if anchor is None:
            return fixture("discussions_get_comments")
        if anchor == "MTczMjYwMDAwMDAwMDo5ODc3" and self.more:
            return fixture("discussions_get_comments_next")
        return {"comments": [], "has_more": False, "anchor": anchor}

    def test_the_worker_polls_discussions_and_comments(self) -> None:
        self.assertEqual(poll_sources(), 3)  # the topic and its two comments; the old topic not
        self.source.refresh_from_db()
        self.assertEqual(self.source.last_error, "")
        self.assertEqual(
            self.source.cursor["ok_anchors"], {"155012345678901": "MTczMjYwMDAwMDAwMDo5ODc3"}
        )
        self.assertEqual(self.source.cursor["ok_since"], "2026-11-26T06:02:33+00:00")
        process_pending()
        self.assertEqual(Message.objects.filter(thread__external_id="topic155012345678901")
                         .count(), 3)  # fmt: skip

    def test_the_next_poll_reads_after_the_anchor(self) -> None:
        adapter = OkAdapter(self.source, sleep=self.slept.append, rate=1000)
        self.assertEqual(adapter.poll(), 3)
        self.assertEqual(adapter.poll(), 0)  # nothing new: one call per active topic
        self.topics["discussions"][0]["last_activity_date"] = "2026-11-27 19:05:10"
        self.more = True
        self.assertEqual(adapter.poll(), 1)
        sent = self.server.calls("getComments")[-1].data()
        self.assertEqual(sent["anchor"], "MTczMjYwMDAwMDAwMDo5ODc3")
        self.assertEqual(adapter.source.cursor["ok_anchors"]["155012345678901"],
                         "MTczMjYwMDAwMDAwMDo5ODc4")  # fmt: skip
        process_pending()
        new = Message.objects.get(external_id="commentMTczMjYwMDAwMDAwMDo5ODc4")
        self.assertEqual(new.thread.external_id, "topic155012345678901")

    def test_an_unexpected_answer_is_an_error_not_a_crash(self) -> None:
        self.topics = {"discussions": [{"object_id": "1"}], "has_more": False}
        poll_sources()
        self.source.refresh_from_db()
        self.assertIn("неожиданный ответ", self.source.last_error)


class WebhookTest(TestCase):
    def setUp(self) -> None:
        self.source = make_source()

    def post(self, body: object, secret: str | None = WEBHOOK_SECRET) -> object:
        query = f"?secret={secret}" if secret is not None else ""
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False)
        return self.client.post(f"/hooks/ok/ok-city/{query}", data, content_type="application/json")

    def test_message_three_times_gives_one_message(self) -> None:
        for _ in range(3):
            self.assertEqual(self.post(fixture("webhook_message_created")).status_code, 200)
        self.post(fixture("webhook_chat_system"))
        process_pending()
        self.assertEqual(InboundPayload.objects.count(), 2)
        message = Message.objects.select_related("thread", "author").get()
        self.assertEqual(message.external_id, "msgmid.0000016c8a2d9f1b")
        self.assertEqual(message.thread.external_id, "chat:C3f1a2b3c4d5")
        self.assertEqual(message.author.external_id, "user:cAbCdEfGh123")
        self.assertEqual(message.kind, "direct")

    def test_bad_secret_and_bad_bodies(self) -> None:
        for secret in ("wrong", "", None):
            self.assertEqual(self.post(fixture("webhook_message_created"), secret).status_code, 403)
        for body in (b"{oops", b"[]", b"{}"):
            self.assertEqual(self.post(body).status_code, 400)
        self.assertFalse(InboundPayload.objects.exists())

    def test_malformed_update_fails_and_the_stream_goes_on(self) -> None:
        self.post({"webhookType": "MESSAGE_CREATED", "timestamp": 1, "message": {"mid": "m1"}})
        self.post(fixture("webhook_message_created"))
        process_pending()
        self.assertEqual(InboundPayload.objects.filter(status="failed").count(), 1)
        self.assertEqual(Message.objects.count(), 1)


class CliTest(TestCase):
    def test_add_and_test(self) -> None:
        out = StringIO()
        with LocalServer() as server:
            call_command(
                "source", "add", "ok", "--name", "okc", "--group-id", "70000001234567",
                "--application-key", "CBAFJIICABABABABA", "--token", ACCESS_TOKEN,
                "--secret-key", SECRET_KEY, "--bot-token", BOT_TOKEN,
                "--webhook-secret", WEBHOOK_SECRET, "--base-url", server.url, stdout=out,
            )  # fmt: skip
            server.reply("getInfo", body=fixture("group_get_info"))
            call_command("source", "test", "okc", stdout=out)
        source = Source.objects.get(name="okc")
        self.assertEqual(str(source.settings["group_id"]), "70000001234567")
        self.assertEqual(source.credential.secrets["access_token"], ACCESS_TOKEN)
        self.assertIn("/hooks/ok/okc/?secret=…", out.getvalue())
        self.assertIn(
            "okc: связь есть, группа Одноклассников «Администрация ЗАТО Северск»", out.getvalue()
        )
        for secret in (ACCESS_TOKEN, SECRET_KEY, BOT_TOKEN, WEBHOOK_SECRET):
            self.assertNotIn(secret, out.getvalue())
