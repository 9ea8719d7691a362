"""The Callback API endpoint and the worker, against VK's recorded events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.test import TestCase, override_settings
from django.utils import timezone
from django.utils.module_loading import import_string

from otklik.inbox.models import Message
from otklik.sources.actions import claim_payloads, process_pending
from otklik.sources.channels import CHANNELS
from otklik.sources.models import InboundPayload, Source
from otklik.sources.normalisers import NORMALISERS
from otklik.sources.vk.tests.helpers import CONFIRMATION, fixture, make_source, post_event


class CallbackTest(TestCase):
    def setUp(self) -> None:
        self.source = make_source()

    def test_confirmation_answers_the_configured_string(self) -> None:
        response = post_event(self.client, fixture("confirmation"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content.decode(), CONFIRMATION)
        self.assertFalse(InboundPayload.objects.exists())

    def test_confirmation_for_another_group_is_refused(self) -> None:
        body = fixture("confirmation") | {"group_id": 2}
        self.assertEqual(post_event(self.client, body).status_code, 403)

    def test_wall_reply_new_is_recorded_then_processed(self) -> None:
        response = post_event(self.client, fixture("wall_reply_new"))
        self.assertEqual(response.content, b"ok")
        payload = InboundPayload.objects.get()
        self.assertEqual(payload.external_id, "54bd8e6c81bb6caf48bab07a8f8d8e01e4f4b0b3")
        self.assertEqual(payload.event_type, "wall_reply_new")
        self.assertNotIn("secret", payload.body)  # the secret is never stored
        self.assertFalse(Message.objects.exists())  # processing is the worker's

        self.assertEqual(process_pending(), 1)
        message = Message.objects.select_related("thread", "author").get()
        self.assertEqual(message.external_id, "comment-1_3")
        self.assertEqual(message.kind, "comment")
        self.assertEqual(message.url, "https://vk.com/wall-1_2?reply=3")
        self.assertEqual(message.thread.external_id, "wall-1_2")
        self.assertEqual(message.thread.url, "https://vk.com/wall-1_2")
        self.assertEqual(message.author.external_id, "66748")
        self.assertEqual(message.author.profile_url, "https://vk.com/id66748")
        self.assertEqual(message.created_at, datetime(2024, 11, 26, 8, 0, tzinfo=UTC))
        self.assertEqual(message.payload_id, payload.id)
        payload.refresh_from_db()
        self.assertEqual(payload.status, InboundPayload.Status.DONE)

    def test_redelivery_three_times_gives_one_payload_one_message(self) -> None:
        for _ in range(3):
            self.assertEqual(post_event(self.client, fixture("wall_reply_new")).content, b"ok")
        process_pending()
        for _ in range(3):
            post_event(self.client, fixture("wall_reply_new"))
        process_pending()
        self.assertEqual(InboundPayload.objects.count(), 1)
        self.assertEqual(Message.objects.count(), 1)

    def test_reply_to_a_comment_keeps_its_parent(self) -> None:
        post_event(self.client, fixture("wall_reply_new_reply"))
        process_pending()
        message = Message.objects.get()
        self.assertEqual(message.kind, "reply")
        self.assertEqual(message.parent_external_id, "comment-1_3")
        self.assertEqual(message.attachments, [{"type": "photo", "id": "photo70011_457239017"}])

    def test_edit_replaces_the_text(self) -> None:
        post_event(self.client, fixture("wall_reply_new"))
        process_pending()
        post_event(self.client, fixture("wall_reply_edit"))
        process_pending()
        message = Message.objects.get()
        self.assertIn("подъезд 2", message.text)

    def test_edit_of_a_missed_comment_creates_it(self) -> None:
        post_event(self.client, fixture("wall_reply_edit"))
        process_pending()
        self.assertIn("подъезд 2", Message.objects.get().text)

    def test_delete_marks_the_message_deleted_and_keeps_it(self) -> None:
        post_event(self.client, fixture("wall_reply_new"))
        post_event(self.client, fixture("wall_reply_delete"))
        process_pending()
        message = Message.objects.get()
        self.assertTrue(message.is_deleted)
        statuses = list(InboundPayload.objects.values_list("event_type", "status"))
        self.assertEqual(statuses, [("wall_reply_new", "done"), ("wall_reply_delete", "skipped")])

    def test_post_message_and_board_post(self) -> None:
        for name in ("wall_post_new", "message_new", "board_post_new"):
            post_event(self.client, fixture(name))
        process_pending()
        post, direct, board = (
            Message.objects.get(kind=kind) for kind in ("post", "direct", "comment")
        )
        self.assertEqual(post.external_id, "wall-1_2")
        self.assertEqual(post.views, 1)
        self.assertEqual(post.author.profile_url, "https://vk.com/club1")
        self.assertEqual(direct.external_id, "msg66748_17")
        self.assertEqual(direct.thread.external_id, "dialog66748")
        self.assertEqual(board.url, "https://vk.com/topic-1_40012345?post=12")

    def test_photo_video_and_goods_comments_are_stored_in_their_threads(self) -> None:
        for name in ("photo_comment_new", "photo_comment_reply", "video_comment_new",
                     "market_comment_new"):  # fmt: skip
            self.assertEqual(post_event(self.client, fixture(name)).content, b"ok")
        self.assertEqual(process_pending(), 4)
        found = {
            m.external_id: (m.kind, m.thread.external_id, m.thread.url, m.parent_external_id)
            for m in Message.objects.select_related("thread")
        }
        photo = ("photo-1_457239021", "https://vk.com/photo-1_457239021")
        self.assertEqual(
            found,
            {
                "photocomment-1_21": ("comment", *photo, "photo-1_457239021"),
                "photocomment-1_22": ("reply", *photo, "photocomment-1_21"),
                "videocomment-1_7": ("comment", "video-1_456239018",
                                     "https://vk.com/video-1_456239018", "video-1_456239018"),
                "marketcomment-1_3": ("comment", "market-1_8123456",
                                      "https://vk.com/market-1?w=product-1_8123456",
                                      "market-1_8123456"),
            },
        )  # fmt: skip
        self.assertEqual(Message.objects.get(external_id="photocomment-1_21").author.external_id,
                         "66748")  # fmt: skip

    def test_media_comment_edits_and_deletions(self) -> None:
        for name in ("photo_comment_new", "video_comment_new", "market_comment_new",
                     "board_post_new"):  # fmt: skip
            post_event(self.client, fixture(name))
        process_pending()
        for name in ("photo_comment_edit", "video_comment_delete", "market_comment_delete",
                     "board_post_delete"):  # fmt: skip
            post_event(self.client, fixture(name))
        process_pending()
        self.assertIn("уже неделю", Message.objects.get(external_id="photocomment-1_21").text)
        deleted = set(Message.objects.filter(is_deleted=True).values_list("external_id", flat=True))
        self.assertEqual(deleted, {"videocomment-1_7", "marketcomment-1_3", "board-1_40012345_12"})
        self.assertFalse(InboundPayload.objects.filter(status="failed").exists())

    def test_comment_and_its_post_share_the_thread(self) -> None:
        post_event(self.client, fixture("wall_post_new"))
        post_event(self.client, fixture("wall_reply_new"))
        process_pending()
        threads = set(Message.objects.values_list("thread__external_id", flat=True))
        self.assertEqual(threads, {"wall-1_2"})

    def test_bad_secret_is_refused_and_nothing_stored(self) -> None:
        for secret in ("wrong", "", None):
            body = fixture("wall_reply_new")
            if secret is None:
                del body["secret"]
            else:
                body["secret"] = secret
            self.assertEqual(post_event(self.client, body).status_code, 403)
        self.assertFalse(InboundPayload.objects.exists())

    def test_source_without_a_secret_refuses_events(self) -> None:
        self.source.credential.secrets.pop("secret")
        self.source.credential.save()
        self.assertEqual(post_event(self.client, fixture("wall_reply_new")).status_code, 403)

    def test_unknown_or_inactive_source_is_404(self) -> None:
        response = post_event(self.client, fixture("wall_reply_new"), "nope")
        self.assertEqual(response.status_code, 404)
        Source.objects.filter(pk=self.source.pk).update(is_active=False)
        self.assertEqual(post_event(self.client, fixture("wall_reply_new")).status_code, 404)

    def test_get_is_not_allowed(self) -> None:
        self.assertEqual(self.client.get("/hooks/vk/city/").status_code, 405)

    def test_malformed_body_is_400_and_nothing_stored(self) -> None:
        for body in (b"{not json", b"[1, 2]", b'{"object": {}}'):
            response = post_event(self.client, body)
            self.assertEqual(response.status_code, 400, body)
        self.assertFalse(InboundPayload.objects.exists())

    def test_malformed_event_is_kept_as_failed_and_the_stream_goes_on(self) -> None:
        broken = fixture("wall_reply_new") | {"event_id": "broken"}
        broken["object"] = {"id": 9, "text": "no author, no date"}
        post_event(self.client, broken)
        post_event(self.client, fixture("message_new"))
        process_pending()
        failed = InboundPayload.objects.get(external_id="broken")
        self.assertEqual(failed.status, InboundPayload.Status.FAILED)
        self.assertIn("wall_reply_new: поле отсутствует или неверно", failed.error)
        self.assertEqual(Message.objects.get().kind, "direct")

    @override_settings(MAX_PAYLOAD_BYTES=2000)
    def test_huge_event_is_refused_unread(self) -> None:
        body = fixture("wall_reply_new")
        body["object"]["text"] = "я" * 5000
        self.assertEqual(post_event(self.client, body).status_code, 413)
        self.assertFalse(InboundPayload.objects.exists())

    def test_unhandled_event_types_are_kept_and_skipped(self) -> None:
        body = fixture("wall_reply_new") | {"type": "like_add", "event_id": "like1"}
        post_event(self.client, body)
        process_pending()
        self.assertEqual(InboundPayload.objects.get().status, InboundPayload.Status.SKIPPED)


class CrashTest(TestCase):
    def test_a_worker_killed_after_claiming_loses_nothing(self) -> None:
        make_source()
        post_event(self.client, fixture("wall_reply_new"))
        claimed = claim_payloads()  # the worker claims the payload, then dies
        self.assertEqual(len(claimed), 1)
        self.assertEqual(process_pending(), 0)  # a fresh claim is left alone…
        InboundPayload.objects.update(lease_until=timezone.now() - timedelta(seconds=1))
        self.assertEqual(process_pending(), 1)  # …one whose lease ran out is taken over
        self.assertEqual(Message.objects.count(), 1)


class RegistryTest(TestCase):
    def test_every_channel_kind_has_an_adapter_and_a_normaliser(self) -> None:
        for kind, path in CHANNELS.items():
            adapter = import_string(path)
            self.assertEqual(adapter.kind, kind)
            self.assertIn(kind, Source.Kind.values)
            self.assertIn(kind, NORMALISERS)
            self.assertIs(import_string(NORMALISERS[kind]), adapter.normalise)
