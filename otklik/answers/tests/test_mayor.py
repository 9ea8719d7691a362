"""Answers onto the Mayor's personal pages are approved as the Mayor's."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from otklik.accounts.models import Role
from otklik.answers import actions
from otklik.answers.models import Answer, Publication
from otklik.answers.tests.helpers import AnswerTestCase
from otklik.inbox.models import Thread
from otklik.incidents.models import Incident
from otklik.sources.models import Source


class MayorPageTest(AnswerTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mayor_page = Source.objects.create(
            name="mayor-vk", kind=Source.Kind.IMPORT, title="Мэр во ВКонтакте", is_mayor_page=True
        )
        cls.aide = cls.persona("aide", Role.MODERATOR)
        cls.aide.first_name, cls.aide.last_name = "Ольга", "Смирнова"
        cls.aide.approves_for_mayor = True
        cls.aide.save()

    def mayor_incident(self) -> Incident:
        thread = Thread.objects.create(
            source=self.mayor_page, external_id=f"wall-{Thread.objects.count() + 1}"
        )
        return self.incident(self.message(source=self.mayor_page, thread=thread), self.message())

    def test_moderator_without_the_right_is_refused_in_russian(self) -> None:
        answer = self.answer(self.mayor_incident(), status=Answer.Status.SUBMITTED)
        with self.assertRaisesRegex(PermissionDenied, "личной странице мэра.*«Мэр во ВКонтакте»"):
            actions.approve(self.moderator, answer)
        answer.refresh_from_db()
        self.assertEqual(answer.status, Answer.Status.SUBMITTED)
        self.assertFalse(Publication.objects.exists())

    def test_aide_and_administrator_approve(self) -> None:
        for user in (self.aide, self.admin):
            with self.subTest(user=user.username):
                answer = self.submitted(self.mayor_incident())
                self.assertEqual(len(actions.approve(user, answer)), 2)
                event = answer.incident.events.filter(data__action="approved").get()
                self.assertIn("от имени мэра", event.comment)

    def test_other_pages_need_no_special_right(self) -> None:
        answer = self.submitted(self.incident())
        actions.approve(self.moderator, answer)
        self.assertFalse(actions.can_approve_for_mayor(self.moderator))

    def test_panel_names_who_approves(self) -> None:
        incident = self.mayor_incident()
        answer = self.submitted(incident)
        url = reverse("incident-detail", args=[incident.pk])
        self.login(self.moderator)
        page = self.client.get(url).content.decode()
        self.assertIn("Ответ от имени мэра (страница «Мэр во ВКонтакте») — утверждает", page)
        self.assertIn("Смирнова Ольга, администратор", page)
        self.assertNotIn("Согласовать и опубликовать", page)
        self.client.post(reverse("answer-approve", args=[answer.pk]), {"comment": ""})
        answer.refresh_from_db()
        self.assertEqual(answer.status, Answer.Status.SUBMITTED)
        self.login(self.aide)
        self.assertIn("Согласовать и опубликовать", self.client.get(url).content.decode())
        self.client.post(reverse("answer-approve", args=[answer.pk]), {"comment": ""})
        page = self.client.get(url).content.decode()
        self.assertIn("— утвердил Смирнова Ольга", page)
