"""The «Ответ» panel on the incident card and its forms."""

from __future__ import annotations

from django.urls import resolve, reverse

from otklik.answers.models import Answer, AnswerTemplate, Publication
from otklik.answers.tests.helpers import GOOD_TEXT, AnswerTestCase
from otklik.incidents.states import Status


class PanelTest(AnswerTestCase):
    def card(self, incident_pk: int) -> str:
        response = self.client.get(reverse("incident-detail", args=[incident_pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_executor_drafts_from_a_template_and_sees_warnings(self) -> None:
        incident = self.incident()
        template = AnswerTemplate.objects.create(
            category=self.category, title="Отопление", body="Вопрос будет рассмотрен. {address}"
        )
        self.login(self.executor_a)
        self.assertIn("Новый ответ", self.card(incident.pk))
        response = self.client.post(
            reverse("answer-draft", args=[incident.pk]),
            {"kind": "final", "template": template.pk, "text": ""},
        )
        self.assertRedirects(response, reverse("incident-detail", args=[incident.pk]))
        answer = Answer.objects.get()
        self.assertEqual(answer.text, "Вопрос будет рассмотрен. ул. Ленина, 5")
        page = self.card(incident.pk)
        self.assertIn("Канцелярит", page)
        self.assertIn("«будет рассмотрен»", page)
        self.assertIn("На согласование", page)
        self.assertNotIn("Согласовать и опубликовать", page)

    def test_press_service_approves_and_sees_publications(self) -> None:
        incident = self.incident()
        answer = self.submitted(incident)
        self.login(self.moderator)
        self.assertIn("Согласовать и опубликовать", self.card(incident.pk))
        self.client.post(reverse("answer-approve", args=[answer.pk]), {"comment": ""})
        answer.refresh_from_db()
        self.assertEqual(answer.status, Answer.Status.APPROVED)
        self.assertEqual(Publication.objects.filter(answer=answer).count(), 1)
        self.assertIn("Ожидает отправки", self.card(incident.pk))

    def test_return_without_comment_is_refused(self) -> None:
        incident = self.incident()
        answer = self.answer(incident, status=Answer.Status.SUBMITTED)
        self.login(self.moderator)
        self.client.post(reverse("answer-return", args=[answer.pk]), {"comment": ""})
        answer.refresh_from_db()
        self.assertEqual(answer.status, Answer.Status.SUBMITTED)

    def test_executor_cannot_approve_and_others_cannot_reach_the_answer(self) -> None:
        incident = self.incident()
        answer = self.answer(incident, status=Answer.Status.SUBMITTED)
        self.login(self.executor_a)
        self.client.post(reverse("answer-approve", args=[answer.pk]), {"comment": ""})
        answer.refresh_from_db()
        self.assertEqual(answer.status, Answer.Status.SUBMITTED)
        self.login(self.executor_b)
        response = self.client.post(reverse("answer-submit", args=[answer.pk]))
        self.assertEqual(response.status_code, 404)
        self.login(self.analyst)
        page = self.card(incident.pk)
        self.assertIn(GOOD_TEXT, page)
        self.assertNotIn("Новый ответ", page)
        self.assertNotIn("Согласовать и опубликовать", page)
        self.client.post(
            reverse("answer-draft", args=[incident.pk]), {"kind": "final", "text": GOOD_TEXT}
        )
        self.assertEqual(Answer.objects.count(), 1)
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.ASSIGNED)


class RatingsAddressTest(AnswerTestCase):
    def test_the_ratings_page_is_answers_and_keeps_its_address(self) -> None:
        self.assertEqual(reverse("incident-ratings"), "/incidents/ratings/")
        self.assertEqual(resolve("/incidents/ratings/").func.__module__, "otklik.answers.views")
