"""Comments linked to posts, their sentiment and incidents; engagement, best hours, the charts
and the template tags; a fixed number of queries whatever the number of posts."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from otklik.inbox.models import Message, Thread
from otklik.incidents.models import Incident
from otklik.plan import charts, links, stats
from otklik.plan.models import Campaign, Post, PostChannel, PostMetric, SubscriberCount
from otklik.plan.tests.helpers import PlanTestCase, tg_source, vk_source
from otklik.sources.models import Source

CITY = ZoneInfo(settings.TIME_ZONE)
MONDAY_10 = datetime(2026, 11, 16, 10, 0, tzinfo=CITY)  # a Monday, city time


class LinkedTestCase(PlanTestCase):
    def setUp(self) -> None:
        self.vk = vk_source()
        self.tg = tg_source()
        self.campaign = Campaign.objects.create(slug="roads", title="Дороги")

    def publish(self, post: Post, ids: dict[Source, str], at: datetime | None = None) -> None:
        """Seed a publication (the publishing itself is tested in test_publish)."""
        for source, external_id in ids.items():
            PostChannel.objects.filter(post=post, source=source).update(
                state=PostChannel.State.PUBLISHED,
                external_id=external_id,
                published_at=at or post.publish_at,
            )
        Post.objects.filter(pk=post.pk).update(state=Post.State.PUBLISHED)

    def step(self, post: Post, source: Source, step: str = "24h", **values: int | None) -> None:
        channel = PostChannel.objects.get(post=post, source=source)
        PostMetric.objects.create(channel=channel, step=step, **values)

    def comment(self, source: Source, thread: str, text: str, **fields: object) -> Message:
        found, _ = Thread.objects.get_or_create(source=source, external_id=thread)
        fields.setdefault("kind", Message.Kind.COMMENT)
        return self.message(text, source=source, thread=found, **fields)


class LinksTest(LinkedTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.post_ = self.post([self.vk, self.tg], campaign=self.campaign)
        self.publish(self.post_, {self.vk: "wall-1_45", self.tg: "tg-1001234567890_77"})
        self.incident = Incident.objects.create(title="Яма на Ленина")
        self.comment(self.vk, "wall-1_45", "Безобразие, яма на дороге!", incident=self.incident)
        self.comment(self.vk, "wall-1_45", "Спасибо за новость")
        self.comment(self.tg, "post-1001234567890_77", "Когда начнут работы?")
        self.comment(self.vk, "wall-1_99", "Под другим постом")
        self.comment(self.tg, "post-1001234567890_77", "Удалено", is_deleted=True)
        self.comment(self.vk, "wall-1_45", "Сам пост", kind=Message.Kind.POST)

    def test_thread_ids_as_the_normalisers_give_them(self) -> None:
        table = [
            ("vk", "wall-1_45", {}, "wall-1_45"),
            ("telegram", "tg-1001234567890_77", {}, "post-1001234567890_77"),
            ("ok", "topic155000000001", {}, "topic155000000001"),
            ("max", "mid.0001", {"channel_id": -72000000001}, "chat-72000000001:mid.0001"),
            ("max", "mid.0001", {}, ""),
            ("vk", "", {}, ""),
        ]
        for kind, external_id, settings_, expected in table:
            with self.subTest(kind=kind, external_id=external_id):
                self.assertEqual(links.comment_thread_id(kind, external_id, settings_), expected)

    def test_threads_for_a_channel(self) -> None:
        channel = PostChannel.objects.get(post=self.post_, source=self.tg)
        self.assertEqual(
            [t.external_id for t in links.threads_for(channel)], ["post-1001234567890_77"]
        )

    def test_comments_of_a_post(self) -> None:
        found = links.post_comments(self.post_)
        self.assertEqual(found.count, 3)
        self.assertEqual(sorted(found.by_channel.values()), [1, 2])
        self.assertEqual(found.sentiment, {"positive": 1, "neutral": 1, "negative": 1})
        self.assertEqual([(i.id, i.url) for i in found.incidents],
                         [(self.incident.pk, f"/incidents/{self.incident.pk}/")])  # fmt: skip

    def test_comments_of_a_campaign(self) -> None:
        other = self.post([self.vk], campaign=self.campaign, text="Второй пост")
        self.publish(other, {self.vk: "wall-1_99"})
        self.assertEqual(links.campaign_comments(self.campaign).count, 4)

    def test_unpublished_posts_have_no_comments(self) -> None:
        draft = self.post([self.vk])
        self.assertEqual(links.post_comments(draft).count, 0)


class EngagementTest(LinkedTestCase):
    def test_rate_over_views_else_reach(self) -> None:
        table = [
            ({"views": 1000, "likes": 30, "reposts": 10, "comments": 10}, 0.05, "views"),
            ({"views": None, "reach": 500, "likes": 40, "reposts": 5, "comments": 5}, 0.1, "reach"),
            ({"views": 0, "reach": None, "likes": 3}, None, ""),
        ]
        for values, rate, basis in table:
            with self.subTest(values=values):
                self.assertEqual(stats.engagement(PostMetric(**values)), (rate, basis))

    def test_post_stats_curve_and_latest(self) -> None:
        post = self.post([self.vk])
        self.publish(post, {self.vk: "wall-1_45"})
        self.step(post, self.vk, "6h", views=100, likes=5)
        self.step(post, self.vk, "1h", views=40, likes=1)
        self.step(post, self.vk, "24h", views=200, likes=10, reposts=2, comments=8)
        channel = stats.post_stats(post).channels[0]
        self.assertEqual([m.step for m in channel.curve], ["1h", "6h", "24h"])
        self.assertEqual(channel.last.step, "24h")
        self.assertAlmostEqual(channel.rate, 0.1)
        self.assertEqual(channel.basis, "от просмотров")

    def test_campaign_totals_per_channel(self) -> None:
        for n in range(2):
            post = self.post([self.vk, self.tg], campaign=self.campaign, text=f"Пост {n}")
            self.publish(post, {self.vk: f"wall-1_{n}", self.tg: f"tg-100_{n}"})
            self.step(post, self.vk, "1h", views=10, likes=1)
            self.step(post, self.vk, "24h", views=100, likes=4, reposts=1, comments=5)
        found = stats.campaign_stats(self.campaign)
        self.assertEqual((found.totals.posts, found.totals.views), (2, 200))
        by_name = dict(found.by_channel)
        self.assertEqual((by_name[str(self.vk)].views, by_name[str(self.vk)].posts), (200, 2))
        self.assertEqual(by_name[str(self.tg)].views, 0)
        self.assertAlmostEqual(found.totals.rate, 0.1)


class BestHoursTest(LinkedTestCase):
    def posts_at(self, at: datetime, n: int, likes: int) -> None:
        for i in range(n):
            post = self.post([self.vk], campaign=self.campaign, publish_at=at, text=f"{at} {i}")
            self.publish(post, {self.vk: f"wall-1_{at.day}{at.hour}{i}"})
            self.step(post, self.vk, views=100, likes=likes)

    def test_cells_with_too_few_posts_are_hidden(self) -> None:
        self.posts_at(MONDAY_10, 3, likes=10)
        self.posts_at(MONDAY_10 + timedelta(days=1, hours=2), 2, likes=50)
        heat = stats.campaign_stats(self.campaign).best_campaign
        self.assertEqual(list(heat.cells), [(0, 10)])
        self.assertAlmostEqual(heat.cells[(0, 10)][0], 0.1)
        self.assertEqual(heat.cells[(0, 10)][1], 3)
        self.assertEqual(heat.hidden, 1)
        self.assertEqual(heat.best()[0][:2], ("Пн", 10))

    def test_all_posts_count_for_the_city_wide_map(self) -> None:
        self.posts_at(MONDAY_10, 2, likes=10)
        outside = self.post([self.vk], publish_at=MONDAY_10, text="Вне кампании")
        self.publish(outside, {self.vk: "wall-1_7777"})
        self.step(outside, self.vk, views=100, likes=20)
        found = stats.campaign_stats(self.campaign)
        self.assertEqual(found.best_campaign.cells, {})
        self.assertEqual(found.best_all.cells[(0, 10)][1], 3)


class QueriesTest(LinkedTestCase):
    def seed(self, n: int) -> Post:
        post = None
        for i in range(n):
            post = self.post([self.vk, self.tg], campaign=self.campaign, text=f"Пост {i}")
            self.publish(post, {self.vk: f"wall-1_{i}", self.tg: f"tg-100_{i}"})
            for step in ("1h", "6h"):
                self.step(post, self.vk, step, views=10 * i, likes=i)
            self.comment(self.vk, f"wall-1_{i}", "Спасибо", incident=Incident.objects.create(
                title=f"Инцидент {i}"))  # fmt: skip
            SubscriberCount.objects.get_or_create(
                source=self.vk, day=MONDAY_10.date() + timedelta(days=i), defaults={"count": i}
            )
        assert post is not None
        return post

    def count(self, call: object) -> int:
        with CaptureQueriesContext(connection) as queries:
            call()  # type: ignore[operator]
        return len(queries)

    def test_post_stats_in_three_queries(self) -> None:
        post = self.seed(1)
        with self.assertNumQueries(3):
            stats.post_stats(post)

    def test_campaign_stats_does_not_grow_with_posts(self) -> None:
        self.seed(2)
        few = self.count(lambda: stats.campaign_stats(self.campaign))
        self.seed(6)
        self.assertEqual(self.count(lambda: stats.campaign_stats(self.campaign)), few)
        with self.assertNumQueries(2):
            links.campaign_comments(self.campaign)

    def test_template_tags_do_not_grow_with_posts(self) -> None:
        post = self.seed(2)
        template = Template("{% load plan_stats %}{% post_metrics post %}{% campaign_stats c %}")
        context = Context({"post": post, "c": self.campaign})
        few = self.count(lambda: template.render(context))
        self.seed(5)
        self.assertEqual(self.count(lambda: template.render(context)), few)


class RenderTest(LinkedTestCase):
    def test_post_metrics_escapes_and_draws(self) -> None:
        bad = Source.objects.create(
            name="bad", kind=Source.Kind.VK, title='<script>alert("x")</script>'
        )
        post = self.post([bad], campaign=self.campaign)
        self.publish(post, {bad: "wall-1_5"})
        PostChannel.objects.filter(post=post).update(metrics_note="<b>нет</b>")
        self.step(post, bad, "1h", views=10, likes=1)
        self.step(post, bad, "6h", views=30, likes=3)
        html = Template("{% load plan_stats %}{% post_metrics post %}").render(
            Context({"post": post})
        )
        self.assertNotIn("<script>", html)
        self.assertNotIn("<b>нет</b>", html)
        self.assertIn("&lt;script&gt;", html)
        self.assertIn("<svg", html)
        self.assertIn("<table", html)
        self.assertIn("от просмотров", html)
        self.assertIn("10,0 %", html)

    def test_campaign_stats_escapes_the_title(self) -> None:
        self.campaign.title = "<img src=x onerror=alert(1)>"
        self.campaign.save()
        SubscriberCount.objects.create(source=self.vk, day=MONDAY_10.date(), count=100)
        post = self.post([self.vk], campaign=self.campaign)
        self.publish(post, {self.vk: "wall-1_5"})
        html = Template("{% load plan_stats %}{% campaign_stats c %}").render(
            Context({"c": self.campaign})
        )
        self.assertNotIn("<img", html)
        self.assertIn("&lt;img", html)
        self.assertIn("Подписчики", html)

    def test_charts_escape_labels(self) -> None:
        svg = charts.bar_chart("<x>", [("<y>", 3.0)])
        self.assertNotIn("<x>", svg)
        self.assertIn("&lt;y&gt;", svg)
        self.assertEqual(charts.line_chart("пусто", [], []), "")
        self.assertEqual(charts.number(0.034, percent=True), "3,4 %")
        self.assertEqual(charts.number(12345), "12\u00a0345")
