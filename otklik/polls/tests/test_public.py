"""The residents' pages: no login, CSRF, one vote per browser, the rate limit, escaping, no
author's personal data, phone numbers and e-mails masked."""

from __future__ import annotations

from unittest import mock

from django.core.cache import cache
from django.test import Client

from otklik.polls import actions
from otklik.polls.masking import mask_contacts
from otklik.polls.models import Initiative, Support, Vote
from otklik.polls.tests.helpers import PollsTestCase


class PublicPollsTest(PollsTestCase):
    def setUp(self) -> None:
        cache.clear()

    def test_list_and_page_without_login(self) -> None:
        poll = self.poll()
        closed = self.poll(question="Нужен ли каток у ДК?")
        self.vote(closed, 0, "t" * 24)
        actions.close_poll(self.moderator, closed)
        draft = self.poll(open_now=False, question="Черновой вопрос")
        page = self.client.get("/polls/")
        self.assertContains(page, poll.question)
        self.assertContains(page, "Нужен ли каток у ДК?")
        self.assertNotContains(page, "Черновой вопрос")
        self.assertEqual(self.client.get(f"/polls/{draft.pk}/").status_code, 404)
        page = self.client.get(f"/polls/{poll.pk}/")
        self.assertContains(page, "Проголосовать")
        self.assertNotContains(page, "<svg")  # no results before one votes
        self.assertContains(self.client.get(f"/polls/{closed.pk}/"), "<svg")

    def test_vote_once_per_browser_then_results(self) -> None:
        poll = self.poll()
        option = poll.options.order_by("position").first()
        data = {"option": option.pk, "territory": self.territory.pk}
        response = self.client.post(f"/polls/{poll.pk}/", data, follow=True)
        self.assertContains(response, "ваш голос учтён")
        self.assertContains(response, "<svg")
        self.assertContains(response, "Вы уже проголосовали")
        self.client.post(f"/polls/{poll.pk}/", data)
        self.assertEqual(Vote.objects.count(), 1)
        vote = Vote.objects.get()
        self.assertEqual(vote.territory, self.territory)
        self.client.cookies.clear()  # another browser
        self.client.post(f"/polls/{poll.pk}/", data)
        self.assertEqual(Vote.objects.count(), 2)

    def test_csrf_is_checked(self) -> None:
        poll = self.poll()
        strict = Client(enforce_csrf_checks=True)
        option = poll.options.first()
        response = strict.post(f"/polls/{poll.pk}/", {"option": option.pk})
        self.assertEqual(response.status_code, 403)
        response = strict.post("/initiatives/new/", {"title": "x"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Vote.objects.count(), 0)

    def test_rate_limit_per_address(self) -> None:
        poll = self.poll()
        option = poll.options.first()
        with mock.patch.dict("otklik.polls.throttle.LIMITS", {"vote": 2}):
            for _ in range(2):
                self.client.cookies.clear()
                self.client.post(f"/polls/{poll.pk}/", {"option": option.pk})
            self.client.cookies.clear()
            response = self.client.post(f"/polls/{poll.pk}/", {"option": option.pk})
        self.assertEqual(response.status_code, 429)
        self.assertEqual(Vote.objects.count(), 2)

    def test_question_is_escaped(self) -> None:
        poll = self.poll(question="<script>alert(1)</script>", options=["<b>Да</b>", "Нет"])
        self.vote(poll, 0, "t" * 24)
        actions.close_poll(self.moderator, poll)
        page = self.client.get(f"/polls/{poll.pk}/").content.decode()
        self.assertNotIn("<script>alert", page)
        self.assertNotIn("<b>Да</b>", page)
        self.assertIn("&lt;script&gt;", page)


class PublicInitiativesTest(PollsTestCase):
    def setUp(self) -> None:
        cache.clear()

    def form(self, **fields: object) -> dict[str, object]:
        data: dict[str, object] = {
            "territory": self.territory.pk,
            "title": "Скамейки у пруда",
            "text": "Поставить скамейки вдоль пруда, пишите: ivan@example.org, 8 (913) 123-45-67.",
            "name": "Иван Секретов",
            "contact": "+7 913 765-43-21",
            "consent": "on",
        }
        data.update(fields)
        return data

    def test_propose_without_login_no_personal_data_shown_and_masked(self) -> None:
        response = self.client.post("/initiatives/new/", self.form(), follow=True)
        self.assertContains(response, "Спасибо")
        initiative = Initiative.objects.get()
        self.assertEqual(
            (initiative.author_name, initiative.author_contact),
            ("Иван Секретов", "+7 913 765-43-21"),
        )
        for url in ("/initiatives/", f"/initiatives/{initiative.pk}/"):
            page = self.client.get(url).content.decode()
            self.assertIn("Скамейки у пруда", page)
            for secret in ("Иван Секретов", "765-43-21", "ivan@example.org", "123-45-67"):
                self.assertNotIn(secret, page, url)
        page = self.client.get(f"/initiatives/{initiative.pk}/").content.decode()
        self.assertIn("[e-mail скрыт]", page)
        self.assertIn("[телефон скрыт]", page)

    def test_text_is_escaped_and_bounded(self) -> None:
        self.client.post("/initiatives/new/", self.form(title="<img src=x onerror=alert(1)>"))
        initiative = Initiative.objects.get()
        page = self.client.get(f"/initiatives/{initiative.pk}/").content.decode()
        self.assertNotIn("<img src=x", page)
        response = self.client.post("/initiatives/new/", self.form(text="Т" * 5001))
        self.assertEqual(response.status_code, 400)
        response = self.client.post("/initiatives/new/", self.form(consent=""))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Initiative.objects.count(), 1)

    def test_rate_limited_proposals(self) -> None:
        with mock.patch.dict("otklik.polls.throttle.LIMITS", {"initiative": 1}):
            self.client.post("/initiatives/new/", self.form())
            response = self.client.post("/initiatives/new/", self.form(title="Вторая инициатива"))
        self.assertEqual(response.status_code, 429)
        self.assertEqual(Initiative.objects.count(), 1)

    def test_support_once_per_browser(self) -> None:
        initiative = actions.propose(
            territory=self.territory, title="Каток", text="Залить каток во дворе"
        )
        self.client.post(f"/initiatives/{initiative.pk}/support/")
        response = self.client.post(f"/initiatives/{initiative.pk}/support/", follow=True)
        self.assertContains(response, "уже поддержали")
        self.assertContains(response, "Поддержали: 1")
        self.assertEqual(Support.objects.count(), 1)
        self.assertEqual(self.client.get(f"/initiatives/{initiative.pk}/support/").status_code, 405)

    def test_list_filters_by_territory_and_state(self) -> None:
        actions.propose(territory=self.territory, title="Каток в центре", text="Залить каток")
        other = actions.propose(
            territory=self.territory_b, title="Остановка в Самуси", text="Навес"
        )
        actions.review(self.moderator, other)
        page = self.client.get("/initiatives/", {"territory": self.territory_b.pk})
        self.assertContains(page, "Остановка в Самуси")
        self.assertNotContains(page, "Каток в центре")
        page = self.client.get("/initiatives/", {"state": "proposed"})
        self.assertContains(page, "Каток в центре")
        self.assertNotContains(page, "Остановка в Самуси")


class MaskingTest(PollsTestCase):
    def test_masking_table(self) -> None:
        cases = [
            ("Звоните 8 (913) 123-45-67", "Звоните [телефон скрыт]"),
            ("тел. +7 913 1234567, спросить Олю", "тел. [телефон скрыт], спросить Олю"),
            ("89131234567", "[телефон скрыт]"),
            ("дежурный 77-12-34", "дежурный [телефон скрыт]"),
            ("пишите на a.b-c@mail.ru!", "пишите на [e-mail скрыт]!"),
            ("дом 12, кв. 5, 2026 год", "дом 12, кв. 5, 2026 год"),
            ("с 10:00 до 18:00 1-2 раза", "с 10:00 до 18:00 1-2 раза"),
        ]
        for text, expected in cases:
            with self.subTest(text=text):
                self.assertEqual(mask_contacts(text), expected)
