"""The VK client and adapter against a local server speaking VK's wire format."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from django.test import TestCase

from otklik.inbox.models import Message
from otklik.sources.actions import process_pending
from otklik.sources.http import AuthError, ChannelError, RateLimited, TokenBucket
from otklik.sources.localserver import LocalServer
from otklik.sources.models import InboundPayload
from otklik.sources.vk.adapter import VkAdapter
from otklik.sources.vk.client import FloodControl, VkClient, seconds_until_moscow_midnight
from otklik.sources.vk.tests.helpers import TOKEN, fixture, make_source


class ServerTestCase(TestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__)
        self.slept: list[float] = []
        self.client_ = VkClient(TOKEN, self.server.url, sleep=self.slept.append, rate=1000)

    def adapter(self) -> VkAdapter:
        source = make_source(base_url=self.server.url)
        return VkAdapter(source, sleep=self.slept.append, rate=1000)


class ClientTest(ServerTestCase):
    def test_token_and_version_travel_in_the_body_not_the_url(self) -> None:
        self.server.reply("groups.getById", body=fixture("groups_get_by_id"))
        self.assertEqual(self.client_.groups_get_by_id(1)["name"], "Администрация города")
        request = self.server.calls("groups.getById")[0]
        self.assertEqual(request.data()["access_token"], TOKEN)
        self.assertEqual(request.data()["v"], "5.199")
        self.assertNotIn(TOKEN, request.path)

    def test_error_6_backs_off_and_retries(self) -> None:
        self.server.reply("wall.get", body=fixture("error_too_many_requests"))
        self.server.reply("wall.get", body=fixture("wall_get"))
        self.assertEqual(self.client_.wall_get(-1)["count"], 2)
        self.assertEqual(len(self.server.calls("wall.get")), 2)
        self.assertEqual(self.slept, [1.0])

    def test_5xx_and_429_are_retried_honouring_retry_after(self) -> None:
        self.server.reply("wall.get", 502, b"Bad gateway")
        self.server.reply("wall.get", 429, b"", headers={"Retry-After": "7"})
        self.server.reply("wall.get", body=fixture("wall_get"))
        self.client_.wall_get(-1)
        self.assertEqual(len(self.server.calls("wall.get")), 3)
        self.assertEqual(self.slept[1], 7.0)
        self.assertLess(self.slept[0], 1.0)  # backoff with a little jitter

    def test_timeouts_are_retried_then_reported(self) -> None:
        self.client_.timeout = 0.2
        self.client_.max_attempts = 2
        self.server.reply("wall.get", body=fixture("wall_get"), delay=0.5)
        with self.assertRaisesMessage(ChannelError, "не удалось, попыток: 2 (сетевая ошибка"):
            self.client_.wall_get(-1)
        self.assertEqual(len(self.server.calls("wall.get")), 2)

    def test_persistent_5xx_gives_up_with_a_clear_error(self) -> None:
        self.server.reply("wall.get", 500, b"oops")
        with self.assertRaisesMessage(
            ChannelError, "ВКонтакте POST wall.get: не удалось, попыток: 5 (HTTP 500)"
        ):
            self.client_.wall_get(-1)
        self.assertEqual(len(self.server.calls("wall.get")), self.client_.max_attempts)

    def test_auth_error_stops_at_once_and_never_logs_the_token(self) -> None:
        self.server.reply("groups.getById", body=fixture("error_auth"))
        with self.assertLogs("otklik", logging.DEBUG) as logs:
            logging.getLogger("otklik.sources").warning("marker")
            with self.assertRaisesRegex(AuthError, "авторизация не прошла"):
                self.client_.groups_get_by_id(1)
        self.assertEqual(len(self.server.calls("groups.getById")), 1)
        self.assertFalse(any(TOKEN in line for line in logs.output))

    def test_retry_logs_never_contain_the_token(self) -> None:
        self.server.reply("wall.get", 503, b"")
        self.server.reply("wall.get", body=fixture("wall_get"))
        with self.assertLogs("otklik.sources.http", logging.WARNING) as logs:
            self.client_.wall_get(-1)
        self.assertIn("HTTP 503", logs.output[0])
        self.assertNotIn(TOKEN, "\n".join(logs.output))

    def test_flood_control_stops_without_retrying(self) -> None:
        self.server.reply("wall.createComment", body=fixture("error_flood_control"))
        with self.assertRaises(FloodControl):
            self.client_.create_comment(-1, 2, "Ответ")
        self.assertEqual(len(self.server.calls("wall.createComment")), 1)

    def test_daily_rate_limit_stops_until_tomorrow(self) -> None:
        self.server.reply("wall.get", body=fixture("error_rate_limit"))
        with self.assertRaises(RateLimited) as caught:
            self.client_.wall_get(-1)
        self.assertGreater(caught.exception.retry_after or 0, 0)
        self.assertEqual(len(self.server.calls("wall.get")), 1)

    def test_a_long_retry_after_is_not_slept_in_line(self) -> None:
        self.server.reply("wall.get", 429, b"", headers={"Retry-After": "3600"})
        with self.assertRaises(RateLimited) as caught:
            self.client_.wall_get(-1)
        self.assertEqual(caught.exception.retry_after, 3600)
        self.assertEqual(self.slept, [])

    def test_no_token_is_an_auth_error_without_a_request(self) -> None:
        with self.assertRaisesRegex(AuthError, "не задан токен доступа"):
            VkClient("", self.server.url).wall_get(-1)
        self.assertEqual(self.server.requests, [])


class AdapterTest(ServerTestCase):
    def test_backfill_records_posts_and_comments_once(self) -> None:
        self.server.reply("wall.get", body=fixture("wall_get"))
        self.server.reply("wall.getComments", body=fixture("wall_get_comments"))
        adapter = self.adapter()
        since = datetime(2024, 11, 1, tzinfo=UTC)
        self.assertEqual(adapter.backfill(since), 3)  # the post, a comment, a nested reply
        self.assertEqual(adapter.backfill(since), 0)  # overlapping backfill: nothing new
        process_pending()
        self.assertEqual(
            sorted(Message.objects.values_list("external_id", "likes")),
            [("comment-1_3", 5), ("comment-1_4", 2), ("wall-1_2", 14)],
        )
        self.assertEqual(Message.objects.get(external_id="comment-1_4").kind, "reply")

    def test_backfill_and_webhook_overlap_without_duplicates(self) -> None:
        self.server.reply("wall.get", body=fixture("wall_get"))
        self.server.reply("wall.getComments", body=fixture("wall_get_comments"))
        adapter = self.adapter()
        self.client.post(
            "/hooks/vk/city/", fixture("wall_reply_new"), content_type="application/json"
        )
        adapter.backfill(datetime(2024, 11, 1, tzinfo=UTC))
        process_pending()
        self.assertEqual(Message.objects.filter(external_id="comment-1_3").count(), 1)
        self.assertEqual(InboundPayload.objects.filter(status="failed").count(), 0)

    def test_publish_reply_as_the_community_with_a_guid(self) -> None:
        self.server.reply("wall.createComment", body=fixture("wall_create_comment"))
        new_id = self.adapter().publish_reply("wall-1_2", "Ответ", "comment-1_3", guid="ans-42")
        self.assertEqual(new_id, "comment-1_5")
        sent = self.server.calls("wall.createComment")[0].data()
        self.assertEqual(
            {k: sent[k] for k in ("owner_id", "post_id", "reply_to_comment", "from_group")},
            {"owner_id": "-1", "post_id": "2", "reply_to_comment": "3", "from_group": "1"},
        )
        self.assertEqual(sent["guid"], "ans-42")

    def test_publish_reply_without_guid_uses_a_stable_one(self) -> None:
        self.server.reply("wall.createComment", body=fixture("wall_create_comment"))
        adapter = self.adapter()
        adapter.publish_reply("wall-1_2", "Ответ")
        adapter.publish_reply("wall-1_2", "Ответ")
        guids = {r.data()["guid"] for r in self.server.calls("wall.createComment")}
        self.assertEqual(len(guids), 1)
        self.assertNotIn("reply_to_comment", self.server.calls("wall.createComment")[0].data())

    def test_publish_reply_under_a_photo_a_video_goods_and_in_a_board_topic(self) -> None:
        for method in ("photos.createComment", "video.createComment", "market.createComment",
                       "board.createComment"):  # fmt: skip
            self.server.reply(method, body={"response": 31})  # VK answers the bare id
        adapter = self.adapter()
        self.assertEqual(
            adapter.publish_reply("photo-1_457239021", "Ответ", "photocomment-1_21", guid="a1"),
            "photocomment-1_31",
        )
        sent = self.server.calls("photos.createComment")[0].data()
        self.assertEqual(
            {k: sent[k] for k in ("owner_id", "photo_id", "reply_to_comment", "from_group",
                                  "message", "guid")},
            {"owner_id": "-1", "photo_id": "457239021", "reply_to_comment": "21",
             "from_group": "1", "message": "Ответ", "guid": "a1"},
        )  # fmt: skip
        self.assertEqual(adapter.publish_reply("video-1_456239018", "Ответ"), "videocomment-1_31")
        self.assertEqual(self.server.calls("video.createComment")[0].data()["video_id"],
                         "456239018")  # fmt: skip
        self.assertEqual(
            adapter.publish_reply("market-1_8123456", "Ответ", "marketcomment-1_3"),
            "marketcomment-1_31",
        )
        self.assertEqual(self.server.calls("market.createComment")[0].data()["item_id"], "8123456")
        self.assertEqual(
            adapter.publish_reply("topic-1_40012345", "Ответ", "board-1_40012345_12"),
            "board-1_40012345_31",
        )
        sent = self.server.calls("board.createComment")[0].data()
        self.assertEqual((sent["group_id"], sent["topic_id"]), ("1", "40012345"))

    def test_publish_post_needs_a_user_token(self) -> None:
        with self.assertRaisesRegex(AuthError, "токен администратора"):
            self.adapter().publish_post("Новость")
        self.assertEqual(self.server.requests, [])

    def test_test_connection_names_the_group(self) -> None:
        self.server.reply("groups.getById", body=fixture("groups_get_by_id"))
        self.assertIn("Администрация города", self.adapter().test_connection())

    def test_read_metrics(self) -> None:
        self.server.reply(
            "wall.getById",
            body={"response": {"items": fixture("wall_get")["response"]["items"][:1]}},
        )
        metrics = self.adapter().read_metrics("wall-1_2")
        self.assertEqual(metrics, {"likes": 14, "reposts": 3, "replies": 2, "views": 2150})


class LimiterTest(TestCase):
    def test_token_bucket_spaces_requests_at_the_rate(self) -> None:
        now = [0.0]
        slept: list[float] = []

        def sleep(seconds: float) -> None:
            slept.append(seconds)
            now[0] += seconds

        bucket = TokenBucket(3, clock=lambda: now[0], sleep=sleep)
        for _ in range(6):
            bucket.acquire()
        self.assertEqual(len(slept), 3)  # a burst of 3, then one every 1/3 s
        self.assertAlmostEqual(sum(slept), 1.0)

    def test_seconds_until_moscow_midnight(self) -> None:
        at = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)  # 23:00 in Moscow
        self.assertEqual(seconds_until_moscow_midnight(at), 3600)
