"""The public Atom feed of our published posts."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from otklik.plan import actions
from otklik.plan.models import Campaign, Post, PostChannel
from otklik.plan.tests.helpers import PlanTestCase, tg_source, vk_source

ATOM = "{http://www.w3.org/2005/Atom}"


class FeedTest(PlanTestCase):
    def setUp(self) -> None:
        self.vk, self.tg = vk_source(), tg_source()
        self.roads = Campaign.objects.create(slug="roads", title="Безопасные дороги")

    def published(self, text: str, minutes_ago: int = 10, **fields: object) -> Post:
        post = self.approved([self.vk, self.tg], text=text, **fields)
        out = timezone.now() - timedelta(minutes=minutes_ago)
        for n, channel in enumerate(post.channels.order_by("source__name")):
            PostChannel.objects.filter(pk=channel.pk).update(
                state=PostChannel.State.PUBLISHED,
                external_id=f"wall-1_{post.pk}{n}",
                url=f"https://vk.com/wall-1_{post.pk}{n}" if channel.source == self.vk else "",
                published_at=out + timedelta(minutes=n),
            )
        Post.objects.filter(pk=post.pk).update(state=Post.State.PUBLISHED)
        return post

    def entries(self, url: str = "/plan/feed/atom.xml") -> list[ET.Element]:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("application/atom+xml"))
        root = ET.fromstring(response.content)
        self.assertEqual(root.tag, f"{ATOM}feed")
        return root.findall(f"{ATOM}entry")

    def test_only_published_posts_newest_first_without_signing_in(self) -> None:
        older = self.published("Итоги ремонта дорог за неделю", minutes_ago=60)
        newer = self.published("Дворы: начали работы на Калинина", minutes_ago=5)
        self.post([self.vk], text="Черновик, не для сайта")
        self.approved([self.vk], text="Утверждён, но ещё не вышел", publish_at=self.future())
        entries = self.entries()
        self.assertEqual(len(entries), 2)
        ids = [e.findtext(f"{ATOM}id") for e in entries]
        self.assertTrue(ids[0].startswith("tag:") and ids[0].endswith(f"/post/{newer.pk}"))
        self.assertTrue(ids[1].endswith(f"/post/{older.pk}"))
        link = entries[0].find(f"{ATOM}link").get("href")
        # Telegram went out first but has no address here: the first channel with one.
        self.assertEqual(link, f"https://vk.com/wall-1_{newer.pk}1")
        self.assertEqual(entries[0].findtext(f"{ATOM}title"), "Дворы: начали работы на Калинина")

    def test_text_is_escaped(self) -> None:
        self.published("Ремонт <script>alert(1)</script> & «дворы»", title="Дороги & <b>дворы</b>")
        (entry,) = self.entries()
        self.assertEqual(entry.findtext(f"{ATOM}title"), "Дороги & <b>дворы</b>")  # plain text
        summary = entry.find(f"{ATOM}summary")
        self.assertEqual(summary.get("type"), "html")
        self.assertIn("&lt;script&gt;", summary.text)  # the HTML shown is the text, not a tag
        self.assertNotIn("<script>", summary.text)
        self.assertIn("&amp;", summary.text)

    def test_campaign_feed_and_unknown_campaign(self) -> None:
        self.published("Ремонт дорог", campaign=self.roads)
        self.published("Без кампании")
        (entry,) = self.entries("/plan/feed/roads/atom.xml")
        self.assertIn("Ремонт дорог", entry.find(f"{ATOM}summary").text)
        self.assertEqual(self.client.get("/plan/feed/nope/atom.xml").status_code, 404)

    def test_last_modified_and_not_modified(self) -> None:
        post = self.published("Ремонт дорог")
        response = self.client.get("/plan/feed/atom.xml")
        out = post.channels.order_by("-published_at").first().published_at
        self.assertEqual(response["Last-Modified"], http_date(out.timestamp()))
        self.assertIn("max-age=300", response["Cache-Control"])
        again = self.client.get(
            "/plan/feed/atom.xml", headers={"if-modified-since": response["Last-Modified"]}
        )
        self.assertEqual(again.status_code, 304)

    def test_stable_id_and_no_n_plus_one(self) -> None:
        self.published("Первый")
        first = self.entries()[0].findtext(f"{ATOM}id")
        with CaptureQueriesContext(connection) as one:
            self.client.get("/plan/feed/atom.xml")
        for n in range(5):
            self.published(f"Пост {n}", campaign=self.roads)
        with CaptureQueriesContext(connection) as six:
            entries = self.entries()
        self.assertEqual(len(six), len(one))
        self.assertEqual(len(entries), 6)
        self.assertEqual(entries[-1].findtext(f"{ATOM}id"), first)

    def test_failed_post_is_left_out(self) -> None:
        post = self.approved([self.vk], text="Не вышел")
        PostChannel.objects.filter(post=post).update(state=PostChannel.State.FAILED)
        actions._settle(post.pk)
        self.assertEqual(self.entries(), [])
