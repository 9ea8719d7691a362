"""The calendar's pages: the month, the week, a move by the script and by the plain form, and the
channels' norms."""

from __future__ import annotations

from datetime import UTC, datetime

from django.test import Client
from django.urls import reverse

from otklik.plan.actions.schedule import set_norm
from otklik.plan.models import Campaign, ChannelNorm, Post, PostChannel, PostEvent
from otklik.plan.tests.helpers import PlanTestCase, tg_source, vk_source

MONTH = reverse("plan-calendar")
WEEK = reverse("plan-calendar-week")
MOVE = reverse("plan-calendar-move")
NORMS = reverse("plan-calendar-norms")
JSON = {"HTTP_ACCEPT": "application/json"}
# A Monday far ahead, so that approved posts may move freely.
FUTURE_MONDAY = datetime(2030, 12, 2, 3, 0, tzinfo=UTC)  # 10:00 in Tomsk


class PagesTest(PlanTestCase):
    def setUp(self) -> None:
        self.vk, self.tg = vk_source(), tg_source()
        self.campaign = Campaign.objects.create(slug="roads", title="Дороги", colour="#c0392b")
        self.edge = self.post(
            [self.vk, self.tg],
            title="Дороги к зиме",
            publish_at=datetime(2026, 11, 30, 20, tzinfo=UTC),
            campaign=self.campaign,
        )
        self.login(self.moderator)

    def test_month_renders_in_russian_with_chips(self) -> None:
        response = self.client.get(MONTH, {"month": "2026-12"})
        html = response.content.decode()
        self.assertContains(response, "Декабрь 2026")
        self.assertIn('href="?month=2026-11"', html)
        self.assertIn('href="?month=2027-01"', html)
        self.assertIn(f"{WEEK}?start=2026-11-30", html)
        self.assertIn('data-colour="#c0392b"', html)
        self.assertIn(f'href="/plan/{self.edge.pk}/"', html)
        self.assertIn('data-date="2026-12-01" data-time="03:00"', html)  # Tomsk's day
        for word in ("Пн", "Вс", "ВК", "ТГ", "пусто", "Дороги к зиме"):
            self.assertIn(word, html)

    def test_a_bad_month_falls_back_to_this_one(self) -> None:
        response = self.client.get(MONTH, {"month": "2026-13"})
        self.assertEqual(response.status_code, 200)

    def test_week_renders_hours(self) -> None:
        response = self.client.get(WEEK, {"start": "2026-12-02"})  # a Wednesday: its Monday
        html = response.content.decode()
        self.assertContains(response, "30 ноября – 6 декабря 2026")
        self.assertIn('data-drop-date="2026-12-01" data-drop-hour="3"', html)
        self.assertIn('href="?start=2026-12-07"', html)
        self.assertIn("Дороги к зиме", html)

    def test_pages_take_few_queries(self) -> None:
        for n in range(6):
            post = self.post([self.vk, self.tg], publish_at=datetime(2026, 12, 3, n, tzinfo=UTC))
            post.campaign = self.campaign
            post.save()
        with self.assertNumQueries(8):  # session, user, posts, channels, 3 for norms, nav badge
            self.client.get(MONTH, {"month": "2026-12"})

    def test_press_service_only(self) -> None:
        self.login(self.executor_a)
        for url in (MONTH, WEEK, NORMS):
            self.assertEqual(self.client.get(url).status_code, 403, url)
        response = self.client.post(MOVE, {"post": self.edge.pk, "date": "2030-12-01"}, **JSON)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["error"], "План публикаций ведёт пресс-служба")
        self.client.logout()
        self.assertEqual(self.client.get(MONTH).status_code, 302)


class MoveTest(PlanTestCase):
    def setUp(self) -> None:
        self.vk = vk_source()
        self.approved_post = self.approved([self.vk], publish_at=FUTURE_MONDAY)
        self.login(self.moderator)

    def test_json_move_keeps_the_time_of_day(self) -> None:
        response = self.client.post(
            MOVE, {"post": self.approved_post.pk, "date": "2030-12-05"}, **JSON
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(),
            {
                "ok": True,
                "id": self.approved_post.pk,
                "date": "2030-12-05",
                "time": "10:00",
                "message": "Перенесено на 5 декабря 2030, 10:00",
            },
        )
        self.approved_post.refresh_from_db()
        self.assertEqual(self.approved_post.publish_at, datetime(2030, 12, 5, 3, tzinfo=UTC))
        self.assertEqual(self.approved_post.state, Post.State.APPROVED)
        self.assertTrue(self.approved_post.events.filter(kind=PostEvent.Kind.RESCHEDULED).exists())

    def test_json_move_with_a_time(self) -> None:
        self.client.post(
            MOVE, {"post": self.approved_post.pk, "date": "2030-12-03", "time": "14:45"}, **JSON
        )
        self.approved_post.refresh_from_db()
        self.assertEqual(self.approved_post.publish_at, datetime(2030, 12, 3, 7, 45, tzinfo=UTC))

    def test_refusals_in_russian(self) -> None:
        cases = [
            ({"post": self.approved_post.pk, "date": "вчера"}, 400, "Введите правильную дату"),
            ({"post": 99999, "date": "2030-12-03"}, 404, "Пост не найден"),
            (
                {"post": self.approved_post.pk, "date": "2020-01-01"},
                400,
                "нельзя перенести в прошлое",
            ),
        ]
        for data, status, error in cases:
            with self.subTest(data):
                response = self.client.post(MOVE, data, **JSON)
                self.assertEqual(response.status_code, status)
                self.assertFalse(response.json()["ok"])
                self.assertIn(error, response.json()["error"])
        self.approved_post.channels.update(state=PostChannel.State.IN_FLIGHT)
        response = self.client.post(
            MOVE, {"post": self.approved_post.pk, "date": "2030-12-04"}, **JSON
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("публикуется или опубликован", response.json()["error"])
        self.approved_post.refresh_from_db()
        self.assertEqual(self.approved_post.publish_at, FUTURE_MONDAY)

    def test_plain_form_redirects_with_a_notice(self) -> None:
        back = f"{WEEK}?start=2030-12-02"
        data = {"post": self.approved_post.pk, "date": "2030-12-06", "next": back}
        response = self.client.post(MOVE, data, follow=True)
        self.assertEqual(response.redirect_chain[0][0], back)
        self.assertContains(response, "Перенесено на 6 декабря 2030, 10:00")
        response = self.client.post(
            MOVE, {"post": self.approved_post.pk, "date": "2020-01-01"}, follow=True
        )
        self.assertContains(response, "нельзя перенести в прошлое")

    def test_an_outside_next_is_not_followed(self) -> None:
        response = self.client.post(
            MOVE,
            {"post": self.approved_post.pk, "date": "2030-12-06", "next": "https://evil.example/"},
        )
        self.assertEqual(response["Location"], f"{MONTH}?month=2030-12")

    def test_csrf_protected(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.moderator)
        response = client.post(MOVE, {"post": self.approved_post.pk, "date": "2030-12-05"}, **JSON)
        self.assertEqual(response.status_code, 403)
        self.approved_post.refresh_from_db()
        self.assertEqual(self.approved_post.publish_at, FUTURE_MONDAY)

    def test_get_is_not_allowed(self) -> None:
        self.assertEqual(self.client.get(MOVE).status_code, 405)


class NormsPageTest(PlanTestCase):
    def setUp(self) -> None:
        self.vk, self.tg = vk_source(), tg_source()
        set_norm(self.moderator, self.vk, ChannelNorm.Category.FLAGSHIP, 3)
        self.login(self.moderator)

    def test_plan_fact_norm_figures(self) -> None:
        at = datetime(2030, 12, 3, 3, tzinfo=UTC)
        self.approved([self.vk, self.tg], publish_at=at)
        self.post([self.vk], publish_at=at)  # a draft: not in the plan
        out = self.approved([self.vk], publish_at=at)
        out.channels.update(state=PostChannel.State.PUBLISHED, published_at=at)
        response = self.client.get(NORMS, {"start": "2030-12-02"})
        html = response.content.decode()
        self.assertContains(response, "Нормы каналов")
        self.assertIn("2 / 1 / 3", html)  # vk: two planned, one out, norm three
        self.assertIn("1 / 0 / —", html)  # tg: no norm yet
        self.assertIn("cal-figure short", html)
        week = self.client.get(WEEK, {"start": "2030-12-02"}).content.decode()
        self.assertIn("2 / 1 / 3", week)

    def test_the_press_service_edits_a_norm(self) -> None:
        response = self.client.post(
            f"{NORMS}?start=2030-12-02",
            {"source": self.tg.pk, "category": "card", "weekly_posts": ""},
            follow=True,
        )
        self.assertEqual(response.redirect_chain[0][0], f"{NORMS}?start=2030-12-02")
        self.assertContains(response, "визитка, 3 в неделю")
        norm = ChannelNorm.objects.get(source=self.tg)
        self.assertEqual((norm.category, norm.weekly_posts), ("card", 3))
        response = self.client.post(
            NORMS, {"source": self.tg.pk, "category": "card", "weekly_posts": "-1"}, follow=True
        )
        self.assertContains(response, "больше либо равно 0")

    def test_executors_cannot_edit(self) -> None:
        self.login(self.executor_a)
        response = self.client.post(NORMS, {"source": self.tg.pk, "category": "card"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ChannelNorm.objects.filter(source=self.tg).exists())
