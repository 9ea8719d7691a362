"""The Telegram webhook and the worker, against recorded updates."""

from __future__ import annotations

from django.test import TestCase, override_settings

from otklik.inbox.models import Message
from otklik.sources.actions import process_pending
from otklik.sources.models import InboundPayload
from otklik.sources.telegram.tests.helpers import fixture, make_source, post_update


class WebhookTest(TestCase):
    def setUp(self) -> None:
        self.source = make_source()

    def test_direct_message_is_recorded_then_processed(self) -> None:
        response = post_update(self.client, fixture("message"))
        self.assertEqual(response.status_code, 200)
        payload = InboundPayload.objects.get()
        self.assertEqual((payload.external_id, payload.event_type), ("10000", "message"))
        self.assertFalse(Message.objects.exists())
        process_pending()
        message = Message.objects.select_related("thread", "author").get()
        self.assertEqual(message.external_id, "tg1111111_1365")
        self.assertEqual(message.kind, "direct")
        self.assertEqual(message.thread.external_id, "chat1111111")
        self.assertEqual(message.author.external_id, "1111111")
        self.assertEqual(message.author.display_name, "")  # pseudonymous: no names kept

    def test_redelivery_three_times_gives_one_payload_one_message(self) -> None:
        for _ in range(3):
            post_update(self.client, fixture("message"))
            process_pending()
        self.assertEqual(InboundPayload.objects.count(), 1)
        self.assertEqual(Message.objects.count(), 1)

    def test_discussion_comment_joins_the_channel_post_thread(self) -> None:
        for name in ("channel_post", "automatic_forward", "discussion_comment"):
            post_update(self.client, fixture(name))
        process_pending()
        post = Message.objects.get(kind="post")
        comment = Message.objects.get(kind="comment")
        self.assertEqual(Message.objects.count(), 2)  # the automatic forward is not a message
        self.assertEqual(post.external_id, "tg-1001234567890_310")
        self.assertEqual(post.url, "https://t.me/city_adm/310")
        self.assertEqual(comment.thread_id, post.thread_id)
        self.assertEqual(comment.url, "https://t.me/city_adm/310?comment=5121")
        self.assertEqual(comment.parent_external_id, "post-1001234567890_310")
        self.assertEqual(
            InboundPayload.objects.get(external_id="10003").status, InboundPayload.Status.SKIPPED
        )

    def test_replies_under_a_channel_post_stay_in_the_post_thread(self) -> None:
        for name in ("channel_post", "automatic_forward", "discussion_comment",
                     "discussion_reply", "discussion_reply_to_bot"):  # fmt: skip
            post_update(self.client, fixture(name))
        process_pending()
        threads = set(Message.objects.values_list("thread__external_id", flat=True))
        self.assertEqual(threads, {"post-1001234567890_310"})  # not chat-1009876543210_5120
        reply = Message.objects.get(external_id="tg-1009876543210_5122")
        self.assertEqual(reply.kind, "reply")
        self.assertEqual(reply.parent_external_id, "tg-1009876543210_5121")
        self.assertEqual(reply.url, "https://t.me/city_adm/310?comment=5122")
        to_bot = Message.objects.get(external_id="tg-1009876543210_5125")
        self.assertEqual(to_bot.parent_external_id, "tg-1009876543210_5124")

    def test_reply_to_a_comment_keeps_its_parent(self) -> None:
        post_update(self.client, fixture("discussion_reply"))
        process_pending()
        message = Message.objects.get()
        self.assertEqual(message.kind, "reply")
        self.assertEqual(message.parent_external_id, "tg-1009876543210_5121")

    def test_edited_message_replaces_the_text(self) -> None:
        post_update(self.client, fixture("message"))
        post_update(self.client, fixture("edited_message"))
        process_pending()
        self.assertIn("второй день", Message.objects.get().text)

    def test_bad_or_missing_secret_is_refused_and_nothing_stored(self) -> None:
        for secret in ("wrong", "", None):
            response = post_update(self.client, fixture("message"), secret=secret)
            self.assertEqual(response.status_code, 403)
        self.assertFalse(InboundPayload.objects.exists())

    def test_malformed_body_is_400(self) -> None:
        for body in (b"{oops", b"[]", b'{"message": {}}', b'{"update_id": "1"}'):
            self.assertEqual(post_update(self.client, body).status_code, 400, body)
        self.assertFalse(InboundPayload.objects.exists())

    def test_malformed_update_is_failed_and_the_stream_goes_on(self) -> None:
        post_update(self.client, {"update_id": 1, "message": {"message_id": 1}})
        post_update(self.client, fixture("message"))
        process_pending()
        failed = InboundPayload.objects.get(external_id="1")
        self.assertEqual(failed.status, InboundPayload.Status.FAILED)
        self.assertIn("Telegram message: поле отсутствует или неверно", failed.error)
        self.assertEqual(Message.objects.count(), 1)

    @override_settings(MAX_PAYLOAD_BYTES=1000)
    def test_huge_update_is_refused_unread_and_shown_on_the_source(self) -> None:
        body = fixture("message")
        body["message"]["text"] = "ы" * 3000
        self.assertEqual(post_update(self.client, body).status_code, 413)
        self.assertFalse(InboundPayload.objects.exists())
        self.source.refresh_from_db()
        self.assertIn("больше 1000 байт", self.source.last_error)
