"""The approval queue's inline actions (htmx): the row taken off, the refusals in Russian, the
answer approved or returned through the actions."""

from __future__ import annotations

from django.urls import reverse

from otklik.answers import actions
from otklik.answers.models import Answer
from otklik.answers.tests.helpers import GOOD_TEXT, AnswerTestCase

HX = {"HTTP_HX_REQUEST": "true"}


class QueueInlineTests(AnswerTestCase):
    def setUp(self) -> None:
        self.incident_ = self.incident()
        self.answer = actions.draft_answer(self.executor_a, self.incident_, text=GOOD_TEXT)
        actions.submit_for_approval(self.executor_a, self.answer)

    def post(self, name: str, **data: object) -> object:
        return self.client.post(reverse(name, args=[self.answer.pk]), data, **HX)

    def test_the_queue_offers_both_decisions(self) -> None:
        self.login(self.moderator)
        page = self.client.get("/answers/queue/").content.decode()
        self.assertIn(f'id="answer-{self.answer.pk}"', page)
        self.assertIn(reverse("answer-inline-approve", args=[self.answer.pk]), page)
        self.assertIn(reverse("answer-inline-return", args=[self.answer.pk]), page)

    def test_approve_takes_the_row_off(self) -> None:
        self.login(self.moderator)
        response = self.post("answer-inline-approve")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f"Ответ к #{self.incident_.pk} согласован")
        self.assertContains(response, f'id="answer-{self.answer.pk}" hx-swap-oob="delete"')
        self.answer.refresh_from_db()
        self.assertEqual(self.answer.status, Answer.Status.APPROVED)
        self.assertEqual(self.answer.reviewed_by, self.moderator)

    def test_return_needs_a_reason(self) -> None:
        self.login(self.moderator)
        response = self.post("answer-inline-return", comment="")
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Что исправить: Обязательное поле.", status_code=422)
        self.assertEqual(response["HX-Retarget"], "#inline-status")
        response = self.post("answer-inline-return", comment="Уточните сроки ремонта")
        self.assertContains(response, "возвращён на доработку")
        self.answer.refresh_from_db()
        self.assertEqual(self.answer.status, Answer.Status.RETURNED)

    def test_twice_is_422(self) -> None:
        self.login(self.moderator)
        self.post("answer-inline-approve")
        response = self.post("answer-inline-approve")
        self.assertEqual(response.status_code, 422)
        self.assertNotIn("<html", response.content.decode())

    def test_executor_is_refused_in_russian(self) -> None:
        self.login(self.executor_a)
        response = self.post("answer-inline-approve")
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "только пресс-служба", status_code=403)
        self.answer.refresh_from_db()
        self.assertEqual(self.answer.status, Answer.Status.SUBMITTED)

    def test_without_htmx_the_full_page_post_still_works(self) -> None:
        self.login(self.moderator)
        response = self.client.post(reverse("answer-inline-approve", args=[self.answer.pk]))
        self.assertEqual(response.status_code, 302)
        self.answer.refresh_from_db()
        self.assertEqual(self.answer.status, Answer.Status.APPROVED)
