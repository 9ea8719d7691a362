"""MAX: comments on the channel's posts thread under the post; forwards keep their text.

The comment fixtures follow the documented shapes (Update with post_id, CommentMessage).
"""

from __future__ import annotations

from django.test import TestCase

from otklik.inbox.models import Message
from otklik.sources.actions import process_pending
from otklik.sources.localserver import LocalServer
from otklik.sources.max.adapter import MaxAdapter
from otklik.sources.max.tests.helpers import fixture, make_source, post_update

POST = "mid.00000000056a0001000001936a000001"
FIRST = "mid.00000000056a0001000001936a0c0001"
SECOND = "mid.00000000056a0001000001936a0c0002"
THREAD = f"chat-72000000001:{POST}"


class ChannelCommentTest(TestCase):
    def setUp(self) -> None:
        self.source = make_source()

    def deliver(self, *names: str) -> None:
        for name in names:
            self.assertEqual(post_update(self.client, fixture(name)).status_code, 200)
        process_pending()

    def test_comments_and_replies_thread_under_the_post(self) -> None:
        self.deliver("message_created_channel_post", "comment_created", "comment_created_reply")
        rows = Message.objects.select_related("thread").order_by("created_at")
        self.assertEqual(
            [(m.external_id, m.kind, m.parent_external_id) for m in rows],
            [(POST, "post", ""), (FIRST, "comment", POST), (SECOND, "reply", FIRST)],
        )
        self.assertEqual({m.thread.external_id for m in rows}, {THREAD})
        self.assertEqual(rows[0].views, 1843)
        self.assertEqual(rows[1].author.display_name, "Анна")

    def test_a_comment_before_its_post_still_threads(self) -> None:
        self.deliver("comment_created")
        self.deliver("message_created_channel_post")
        self.assertEqual(
            set(Message.objects.values_list("thread__external_id", flat=True)), {THREAD}
        )

    def test_redelivered_edited_and_removed_comments(self) -> None:
        for _ in range(3):
            self.deliver("comment_created", "comment_created_reply")
        self.assertEqual(Message.objects.count(), 2)
        self.deliver("comment_edited", "comment_removed")
        first, second = Message.objects.order_by("created_at")
        self.assertIn("маленький ребёнок", first.text)
        self.assertTrue(second.is_deleted)
        self.assertFalse(first.is_deleted)

    def test_forwarded_message_keeps_the_forwarded_text(self) -> None:
        self.deliver("message_created_forward")
        message = Message.objects.get()
        self.assertEqual(message.text, "Во дворе Кирова, 3 открыт люк, дети рядом играют")
        self.assertEqual((message.kind, message.parent_external_id), ("direct", ""))


class CommentReplyTest(TestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__)
        self.adapter = MaxAdapter(make_source(base_url=self.server.url), rate=1000)

    def test_reply_to_a_comment_goes_under_the_post(self) -> None:
        self.server.reply("comments", body=fixture("send_comment"))
        new_id = self.adapter.publish_reply(THREAD, "Ответ", reply_to=FIRST)
        self.assertEqual(new_id, "mid.00000000056a0001000001936a0c00ff")
        request = self.server.calls("comments")[0]
        self.assertEqual(request.path.split("?")[0], f"/messages/{POST}/comments")
        self.assertEqual(request.data(), {"text": "Ответ", "link": {"type": "reply", "mid": FIRST}})

    def test_answering_the_post_itself_is_a_plain_comment(self) -> None:
        self.server.reply("comments", body=fixture("send_comment"))
        self.adapter.publish_reply(THREAD, "Ответ", reply_to=POST)
        self.assertEqual(self.server.calls("comments")[0].data(), {"text": "Ответ"})
