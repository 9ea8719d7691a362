"""The content plan's pages: the list, the post form, the card and its buttons."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otklik.plan import actions
from otklik.plan.actions.campaigns import create_campaign
from otklik.plan.models import Post, PostChannel, PostEvent
from otklik.plan.tests.helpers import PlanTestCase, tg_source, vk_source
from otklik.sources.models import Source

LIST = "/plan/"


def form_data(sources: list[Source], **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Дороги",
        "text": "Ремонт дорог: итоги недели",
        "campaign": "",
        "channels": [s.pk for s in sources],
        "publish_date": "2026-12-01",
        "publish_time": "10:00",
        "image": "",
        "then": "draft",
    }
    data.update(fields)
    return data


class AccessTest(PlanTestCase):
    def test_executor_outsider_and_analyst_get_403(self) -> None:
        post = self.post([vk_source()])
        pages = [LIST, "/plan/new/", f"/plan/{post.pk}/", f"/plan/{post.pk}/edit/"]
        for user in (self.executor_a, self.outsider, self.analyst):
            self.login(user)
            for url in pages + ["/plan/campaigns/", "/plan/campaigns/new/"]:
                response = self.client.get(url)
                self.assertEqual(response.status_code, 403, (user, url))
                self.assertContains(response, "Доступ запрещён", status_code=403)
            response = self.client.post(f"/plan/{post.pk}/approve/")
            self.assertEqual(response.status_code, 403)
        post.refresh_from_db()
        self.assertEqual(post.state, Post.State.DRAFT)

    def test_anonymous_goes_to_login(self) -> None:
        response = self.client.get(LIST)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/", response["Location"])

    def test_menu_shows_the_plan_to_the_press_service_only(self) -> None:
        self.login(self.moderator)
        self.assertContains(self.client.get("/incidents/"), "План публикаций")
        self.login(self.executor_a)
        self.assertNotContains(self.client.get("/incidents/"), "План публикаций")

    def test_approve_is_post_only(self) -> None:
        post = self.post([vk_source()])
        self.login(self.moderator)
        self.assertEqual(self.client.get(f"/plan/{post.pk}/approve/").status_code, 405)


class ListTest(PlanTestCase):
    def setUp(self) -> None:
        self.vk, self.tg = vk_source(), tg_source()
        self.roads = create_campaign(self.moderator, title="Дороги", colour="#aa3300")
        self.a = self.post(
            [self.vk],
            text="Ремонт дорог на Ленина",
            campaign=self.roads,
            publish_at=datetime(2026, 12, 1, 3, 0, tzinfo=UTC),  # 10:00 in Tomsk
        )
        self.b = self.post(
            [self.tg],
            text="Ёлка на площади",
            publish_at=datetime(2026, 12, 2, 17, 30, tzinfo=UTC),  # 3 Dec, 00:30 in Tomsk
        )
        actions.submit(self.moderator, self.b)
        self.login(self.moderator)

    def shown(self, **params: str) -> set[int]:
        response = self.client.get(LIST, params)
        self.assertEqual(response.status_code, 200)
        return {p.pk for p in response.context["page"]}

    def test_all_and_each_filter(self) -> None:
        both = {self.a.pk, self.b.pk}
        self.assertEqual(self.shown(), both)
        self.assertEqual(self.shown(state="on_approval"), {self.b.pk})
        self.assertEqual(self.shown(campaign=str(self.roads.pk)), {self.a.pk})
        self.assertEqual(self.shown(channel=str(self.tg.pk)), {self.b.pk})
        self.assertEqual(self.shown(q="ЛЕНИНА"), {self.a.pk})  # Cyrillic, any case
        self.assertEqual(self.shown(q="ёлка"), {self.b.pk})

    def test_period_is_in_the_city_time_zone(self) -> None:
        # b is at 17:30 UTC on 2 Dec, which is already 3 Dec in Tomsk (UTC+7).
        self.assertEqual(self.shown(date_from="2026-12-03"), {self.b.pk})
        self.assertEqual(self.shown(date_to="2026-12-02"), {self.a.pk})
        self.assertEqual(self.shown(date_from="2026-12-01", date_to="2026-12-01"), {self.a.pk})

    def test_row_shows_local_time_chip_channels_and_state(self) -> None:
        PostChannel.objects.filter(post=self.a).update(
            state=PostChannel.State.PUBLISHED, url="https://vk.com/wall-1_45"
        )
        PostChannel.objects.filter(post=self.b).update(
            state=PostChannel.State.FAILED, reason="Бот не администратор канала"
        )
        response = self.client.get(LIST)
        self.assertContains(response, "01.12.2026")
        self.assertContains(response, "10:00")
        self.assertContains(response, "#aa3300")
        self.assertContains(response, 'href="https://vk.com/wall-1_45"')
        self.assertContains(response, "ошибка: Бот не администратор канала")
        self.assertContains(response, "На согласовании")
        self.assertContains(response, 'href="/plan/calendar/"')
        self.assertContains(response, "Новый пост")

    def test_queries_stay_constant_as_posts_grow(self) -> None:
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(LIST).status_code, 200)
            return len(queries)

        before = count()
        for n in range(6):
            self.post([self.vk, self.tg], text=f"Пост {n}", campaign=self.roads)
        self.assertEqual(count(), before)
        with self.assertNumQueries(before):
            self.client.get(LIST)

    def test_pages(self) -> None:
        for n in range(31):
            self.post([self.vk], text=f"Пост {n}")
        response = self.client.get(LIST, {"campaign": ""})
        self.assertContains(response, "Страница 1 из 2")
        self.assertContains(response, "page=2")


class FormTest(PlanTestCase):
    def setUp(self) -> None:
        self.vk, self.tg = vk_source(), tg_source()
        self.login(self.moderator)

    def test_form_shows_channels_limits_and_the_counter_script(self) -> None:
        Source.objects.create(name="vk-off", kind=Source.Kind.VK, is_active=False)
        response = self.client.get("/plan/new/")
        self.assertContains(response, "Не больше 16384 знаков")
        self.assertContains(response, "с изображением — 1024")
        self.assertContains(response, "plan-form.js")
        self.assertContains(response, 'name="csrfmiddlewaretoken"')
        self.assertNotContains(response, "vk-off")
        self.assertNotContains(response, self.source.name)  # an import source is not a channel

    def test_create_stores_the_city_time_as_aware_utc(self) -> None:
        data = form_data([self.vk, self.tg], **{f"variant_{self.tg.pk}": "Коротко"})
        response = self.client.post("/plan/new/", data)
        post = Post.objects.get()
        self.assertRedirects(response, f"/plan/{post.pk}/")
        self.assertEqual(post.publish_at, datetime(2026, 12, 1, 3, 0, tzinfo=UTC))
        self.assertEqual(post.state, Post.State.DRAFT)
        self.assertEqual(post.created_by, self.moderator)
        texts = dict(post.channels.values_list("source_id", "text"))
        self.assertEqual(texts, {self.vk.pk: "", self.tg.pk: "Коротко"})

    def test_a_long_variant_shows_its_error_and_saves_nothing(self) -> None:
        data = form_data([self.vk, self.tg], **{f"variant_{self.tg.pk}": "я" * 4097})
        response = self.client.post("/plan/new/", data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Post.objects.exists())
        errors = response.context["form"].errors[f"variant_{self.tg.pk}"]
        self.assertIn("длиннее 4096 знаков (4097)", errors[0])
        self.assertContains(response, "длиннее 4096 знаков")

    def test_a_long_text_is_blamed_on_the_text_when_no_variant(self) -> None:
        response = self.client.post("/plan/new/", form_data([self.tg], text="я" * 4097))
        self.assertIn("Telegram", response.context["form"].errors["text"][0])

    def test_line_ends_count_once(self) -> None:
        text = "строка\r\n" * 2000  # 16000 with "\r\n", 14000 with "\n"
        response = self.client.post("/plan/new/", form_data([self.vk], text=text))
        self.assertEqual(response.status_code, 302)
        self.assertNotIn("\r", Post.objects.get().text)

    def test_save_and_submit(self) -> None:
        response = self.client.post("/plan/new/", form_data([self.vk], then="submit"))
        post = Post.objects.get()
        self.assertEqual(post.state, Post.State.ON_APPROVAL)
        self.assertContains(self.client.get(response["Location"]), "отправлен на согласование")

    def test_submit_without_channels_saves_the_draft_and_says_why(self) -> None:
        response = self.client.post("/plan/new/", form_data([], then="submit"), follow=True)
        self.assertEqual(Post.objects.get().state, Post.State.DRAFT)
        self.assertContains(response, "не отправлен на согласование: Не выбран ни один канал")

    def test_edit_changes_time_and_variant(self) -> None:
        post = self.post([self.vk])
        response = self.client.get(f"/plan/{post.pk}/edit/")
        self.assertContains(response, 'value="2026-11-20"')  # 03:00 UTC is 10:00 in Tomsk
        self.assertContains(response, 'value="10:00"')
        data = form_data([self.vk, self.tg], publish_time="23:15")
        data[f"variant_{self.tg.pk}"] = "Вариант для Telegram"
        self.client.post(f"/plan/{post.pk}/edit/", data)
        post.refresh_from_db()
        self.assertEqual(post.publish_at, datetime(2026, 12, 1, 16, 15, tzinfo=UTC))
        self.assertEqual(post.channels.get(source=self.tg).text, "Вариант для Telegram")
        kinds = list(post.events.values_list("kind", flat=True))
        self.assertIn(PostEvent.Kind.EDITED, kinds)

    def test_a_published_post_cannot_be_edited(self) -> None:
        post = self.post([self.vk])
        PostChannel.objects.filter(post=post).update(state=PostChannel.State.PUBLISHED)
        Post.objects.filter(pk=post.pk).update(state=Post.State.PUBLISHED)
        response = self.client.get(f"/plan/{post.pk}/edit/", follow=True)
        self.assertContains(response, "менять его нельзя")
        self.assertNotContains(response, f'href="/plan/{post.pk}/edit/"')


class CardTest(PlanTestCase):
    def setUp(self) -> None:
        self.vk = vk_source(title="ВК администрации")
        self.login(self.moderator)

    def test_card_shows_text_channels_people_and_history(self) -> None:
        post = self.post([self.vk], title="Итоги", text="Ремонт дорог\nзакончен")
        actions.submit(self.moderator, post)
        actions.approve(self.admin, post)
        response = self.client.get(f"/plan/{post.pk}/")
        self.assertContains(response, "Ремонт дорог<br>закончен")
        self.assertContains(response, "ВК администрации")
        self.assertContains(response, "Утверждён")
        self.assertContains(response, "Что сделали жители")
        history = [e.get_kind_display() for e in response.context["events"]]
        self.assertEqual(history, ["Создан", "Отправлен на согласование", "Утверждён"])
        self.assertContains(response, "Отправлен на согласование")
        self.assertContains(response, str(self.admin))

    def test_submit_and_approve_buttons(self) -> None:
        post = self.post([self.vk])
        card = self.client.get(f"/plan/{post.pk}/")
        self.assertContains(card, f'action="/plan/{post.pk}/submit/"')
        self.assertContains(card, f'action="/plan/{post.pk}/approve/"')
        response = self.client.post(f"/plan/{post.pk}/submit/", follow=True)
        self.assertContains(response, "Пост отправлен на согласование")
        response = self.client.post(f"/plan/{post.pk}/approve/", follow=True)
        self.assertContains(response, "Пост утверждён")
        post.refresh_from_db()
        self.assertEqual((post.state, post.approved_by), (Post.State.APPROVED, self.moderator))

    def test_the_mayors_page_refuses_without_the_right(self) -> None:
        mayor = vk_source(name="mayor", title="Страница мэра", is_mayor_page=True)
        post = self.post([mayor])
        card = self.client.get(f"/plan/{post.pk}/")
        self.assertNotContains(card, f'action="/plan/{post.pk}/approve/"')
        self.assertContains(card, "«Страница мэра»")
        response = self.client.post(f"/plan/{post.pk}/approve/", follow=True)
        self.assertContains(response, "может утверждать ответы от имени мэра")
        post.refresh_from_db()
        self.assertEqual(post.state, Post.State.DRAFT)

    def test_length_problem_refuses_approval_with_the_reason(self) -> None:
        tg = tg_source()
        post = self.post([tg], text="я" * 5000)
        card = self.client.get(f"/plan/{post.pk}/")
        self.assertContains(card, "Что мешает утверждению")
        response = self.client.post(f"/plan/{post.pk}/approve/", follow=True)
        self.assertContains(response, "длиннее 4096 знаков")

    def test_retry_a_failed_channel(self) -> None:
        post = self.approved([self.vk])
        channel = post.channels.get()
        PostChannel.objects.filter(pk=channel.pk).update(
            state=PostChannel.State.FAILED, reason="Нет прав на публикацию в сообществе"
        )
        Post.objects.filter(pk=post.pk).update(state=Post.State.FAILED)
        card = self.client.get(f"/plan/{post.pk}/")
        self.assertContains(card, "Нет прав на публикацию в сообществе")
        self.assertContains(card, f'action="/plan/channels/{channel.pk}/retry/"')
        response = self.client.post(f"/plan/channels/{channel.pk}/retry/", follow=True)
        self.assertContains(response, "поставлена в очередь повторно")
        channel.refresh_from_db()
        post.refresh_from_db()
        self.assertEqual((channel.state, post.state), ("pending", Post.State.APPROVED))
        self.assertContains(response, "Повтор")
        again = self.client.post(f"/plan/channels/{channel.pk}/retry/", follow=True)
        self.assertContains(again, "Повторить можно только неудавшуюся публикацию")

    def test_user_text_is_escaped(self) -> None:
        evil = "<script>alert(1)</script>"
        post = self.post([self.vk], title=evil, text=evil, variants={self.vk.pk: evil})
        for url in (f"/plan/{post.pk}/", LIST, f"/plan/{post.pk}/edit/"):
            response = self.client.get(url)
            self.assertNotContains(response, evil)
            self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_unknown_post_is_404(self) -> None:
        self.assertEqual(self.client.get(reverse("plan-post", args=[999])).status_code, 404)
