"""The feed adapter against a local HTTP server serving recorded RSS and Atom documents."""

from __future__ import annotations

from datetime import UTC, datetime

from django.test import TestCase

from otklik.inbox.models import Message
from otklik.sources.actions import process_pending
from otklik.sources.feeds.adapter import FeedAdapter
from otklik.sources.feeds.tests.helpers import fixture, make_source
from otklik.sources.http import ChannelError
from otklik.sources.localserver import LocalServer
from otklik.sources.models import InboundPayload


class FeedTest(TestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__)
        self.slept: list[float] = []

    def adapter(self, path: str = "rss.xml", **settings: object) -> FeedAdapter:
        self.source = make_source(self.server.url + path, **settings)
        return FeedAdapter(self.source, sleep=self.slept.append, rate=1000)

    def test_rss_items_about_the_city_become_articles(self) -> None:
        self.server.reply("rss.xml", body=fixture("rss_novosti.xml"), headers={"ETag": '"v1"'})
        self.assertEqual(self.adapter().poll(), 2)  # the Tomsk square is not about the city
        process_pending()
        article = Message.objects.select_related("thread", "author").get(external_id="news-184221")
        self.assertEqual(article.kind, "article")
        self.assertEqual(article.url, "https://news.example.ru/2026/11/26/seversk-truba")
        self.assertEqual(article.created_at, datetime(2026, 11, 26, 2, 10, tzinfo=UTC))
        self.assertTrue(article.text.startswith("В Северске на улице Калинина"))
        self.assertEqual(article.author.external_id, "news.example.ru")
        self.assertTrue(
            Message.objects.filter(
                external_id="https://news.example.ru/2026/11/25/samus-doroga"
            ).exists()
        )
        self.source.refresh_from_db()
        self.assertEqual(self.source.cursor["etag"], '"v1"')
        self.assertEqual(self.source.cursor["published"], "2026-11-26T02:10:00+00:00")

    def test_second_poll_is_conditional_and_never_doubles(self) -> None:
        self.server.reply("rss.xml", body=fixture("rss_novosti.xml"), headers={"ETag": '"v1"'})
        self.server.reply("rss.xml", body=fixture("rss_novosti.xml"), headers={"ETag": '"v1"'})
        self.server.reply("rss.xml", 304, b"")
        adapter = self.adapter()
        self.assertEqual(adapter.poll(), 2)
        self.assertEqual(adapter.poll(), 0)
        self.assertEqual(adapter.poll(), 0)
        sent = [r.headers.get("If-None-Match") for r in self.server.calls("rss.xml")]
        self.assertEqual(sent, [None, '"v1"', '"v1"'])
        process_pending()
        self.assertEqual(Message.objects.count(), 2)

    def test_atom_and_empty_keywords_keep_everything(self) -> None:
        self.server.reply("atom.xml", body=fixture("atom_gazeta.xml"))
        self.assertEqual(self.adapter("atom.xml", keywords=[]).poll(), 2)
        process_pending()
        self.assertEqual(Message.objects.filter(kind="article").count(), 2)

    def test_malformed_xml_is_kept_failed_with_a_clear_error(self) -> None:
        self.server.reply("rss.xml", body=fixture("malformed.xml"))
        adapter = self.adapter()
        with self.assertRaisesRegex(ChannelError, "испорченный XML"):
            adapter.poll()
        payload = InboundPayload.objects.get()
        self.assertEqual(payload.status, InboundPayload.Status.FAILED)
        self.assertIn("испорченный XML", payload.error)
        self.assertEqual(bytes(payload.raw), fixture("malformed.xml"))
        self.source.refresh_from_db()
        self.assertIn("испорченный XML", self.source.last_error)
        process_pending()  # a failed payload is not retried by the worker
        self.assertFalse(Message.objects.exists())

    def test_xml_bomb_is_refused(self) -> None:
        self.server.reply("rss.xml", body=fixture("billion_laughs.xml"))
        with self.assertRaisesRegex(ChannelError, "XML-бомб"):
            self.adapter().poll()

    def test_huge_feed_is_refused(self) -> None:
        self.server.reply("rss.xml", body=b"<rss>" + b" " * 2000 + b"</rss>")
        adapter = self.adapter()
        client = adapter.client()
        client.max_bytes = 1000
        with self.assertRaisesRegex(ChannelError, "больше 1000 байт"):
            client.fetch()

    def test_5xx_is_retried_and_404_stops(self) -> None:
        self.server.reply("rss.xml", 503, b"")
        self.server.reply("rss.xml", body=fixture("rss_novosti.xml"))
        self.assertEqual(self.adapter().poll(), 2)
        self.assertEqual(len(self.slept), 1)
        self.server.reply("gone.xml", 404, b"")
        with self.assertRaisesRegex(ChannelError, "HTTP 404"):
            FeedAdapter(make_source(self.server.url + "gone.xml", name="gone")).poll()

    def test_backfill_rereads_without_validators(self) -> None:
        self.server.reply("rss.xml", body=fixture("rss_novosti.xml"))
        adapter = self.adapter()
        since = datetime(2026, 11, 26, 0, 0, tzinfo=UTC)
        self.assertEqual(adapter.backfill(since), 1)  # the Samus road item is older

    def test_test_connection_counts_items(self) -> None:
        self.server.reply("rss.xml", body=fixture("rss_novosti.xml"))
        self.assertEqual(self.adapter().test_connection(), "лента отвечает: записей 3, о городе 2")
