"""MAX: the webhook, the worker, and the client against a local Bot API server."""

from __future__ import annotations

import logging

from django.test import TestCase

from otklik.inbox.models import Message
from otklik.sources.actions import process_pending
from otklik.sources.http import AuthError
from otklik.sources.localserver import LocalServer
from otklik.sources.max.adapter import MaxAdapter
from otklik.sources.max.tests.helpers import TOKEN, fixture, make_source, post_update
from otklik.sources.models import InboundPayload

MID = "mid.0000000005584a2b0000019369e0a7c1"


class WebhookTest(TestCase):
    def setUp(self) -> None:
        self.source = make_source()

    def test_message_created_is_recorded_then_processed(self) -> None:
        self.assertEqual(post_update(self.client, fixture("message_created")).status_code, 200)
        payload = InboundPayload.objects.get()
        self.assertEqual(payload.external_id, f"message_created:{MID}")
        process_pending()
        message = Message.objects.select_related("thread").get()
        self.assertEqual((message.external_id, message.kind), (MID, "direct"))
        self.assertEqual(message.thread.external_id, "chat90001234")

    def test_redelivery_three_times_gives_one_payload_one_message(self) -> None:
        for _ in range(3):
            post_update(self.client, fixture("message_created"))
            process_pending()
        self.assertEqual((InboundPayload.objects.count(), Message.objects.count()), (1, 1))

    def test_chat_reply_keeps_parent_url_and_attachments(self) -> None:
        post_update(self.client, fixture("message_created_chat_reply"))
        process_pending()
        message = Message.objects.get()
        self.assertEqual(message.kind, "reply")
        self.assertEqual(message.parent_external_id, "mid.0000000005584a2b0000019369e0a7c0")
        self.assertEqual(message.url, "https://max.ru/c/-71234567890/AZNp4LLU")
        self.assertEqual(message.attachments, [{"type": "image"}])

    def test_edit_then_removal(self) -> None:
        for name in ("message_created", "message_edited", "message_removed"):
            post_update(self.client, fixture(name))
        process_pending()
        message = Message.objects.get()
        self.assertIn("с понедельника", message.text)
        self.assertTrue(message.is_deleted)

    def test_bad_secret_is_refused_and_nothing_stored(self) -> None:
        for secret in ("wrong", "", None):
            response = post_update(self.client, fixture("message_created"), secret=secret)
            self.assertEqual(response.status_code, 403)
        self.assertFalse(InboundPayload.objects.exists())

    def test_malformed_body_is_400_and_malformed_update_failed(self) -> None:
        self.assertEqual(post_update(self.client, b"{nope").status_code, 400)
        self.assertEqual(post_update(self.client, b"{}").status_code, 400)
        post_update(self.client, {"update_type": "message_created", "message": {"body": {}}})
        process_pending()
        failed = InboundPayload.objects.get()
        self.assertEqual(failed.status, InboundPayload.Status.FAILED)
        self.assertIn("MAX message_created: поле отсутствует или неверно", failed.error)


class ClientTest(TestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__)
        self.slept: list[float] = []
        self.source = make_source(base_url=self.server.url)
        self.adapter = MaxAdapter(self.source, sleep=self.slept.append, rate=1000)

    def test_token_goes_in_the_authorization_header(self) -> None:
        self.server.reply("me", body=fixture("me"))
        self.assertIn("@otklik_city_bot", self.adapter.test_connection())
        request = self.server.calls("me")[0]
        self.assertEqual(request.headers["Authorization"], TOKEN)
        self.assertNotIn(TOKEN, request.path)

    def test_poll_with_marker_overlapping_without_duplicates(self) -> None:
        self.server.reply("updates", body=fixture("updates"))
        self.server.reply("updates", body=fixture("updates"))
        self.server.reply("updates", body=fixture("updates_empty"))
        self.assertEqual(self.adapter.poll(), 2)
        self.assertEqual(self.adapter.poll(), 0)
        self.adapter.poll()
        self.source.refresh_from_db()
        self.assertEqual(self.source.cursor, {"marker": 171})
        self.assertIn("marker=171", self.server.calls("updates")[1].path)
        post_update(self.client, fixture("message_created"), name=self.source.name)
        process_pending()
        self.assertEqual(Message.objects.count(), 1)  # webhook and polling agree on the id

    def test_reply_links_the_message_and_honours_retry_after(self) -> None:
        self.server.reply("messages", 429, fixture("error_too_many_requests"),
                          headers={"Retry-After": "2"})  # fmt: skip
        self.server.reply("messages", body=fixture("send_message"))
        new_id = self.adapter.publish_reply("chat90001234", "Ответ", reply_to=MID)
        self.assertEqual(new_id, "mid.0000000005584a2b0000019369e0c001")
        self.assertEqual(self.slept, [2.0])
        request = self.server.calls("messages")[-1]
        self.assertIn("chat_id=90001234", request.path)
        self.assertEqual(request.data()["link"], {"type": "reply", "mid": MID})

    def test_unauthorized_stops_and_never_logs_the_token(self) -> None:
        self.server.reply("me", 401, fixture("error_unauthorized"))
        with self.assertLogs("otklik", logging.DEBUG) as logs:
            logging.getLogger("otklik.sources").warning("marker")
            with self.assertRaisesRegex(AuthError, "verify.token"):
                self.adapter.test_connection()
        self.assertEqual(len(self.server.calls("me")), 1)
        self.assertNotIn(TOKEN, "\n".join(logs.output))
