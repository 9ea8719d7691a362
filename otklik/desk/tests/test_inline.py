"""The inbox's inline actions (htmx): the partial, the refusals in Russian, the state changed."""

from __future__ import annotations

from django.urls import reverse

from otklik.inbox.models import Message
from otklik.incidents import actions as incident_actions
from otklik.incidents.models import Incident
from otklik.testing.base import BaseTestCase

HX = {"HTTP_HX_REQUEST": "true"}


class InboxInlineTests(BaseTestCase):
    url = reverse("inbox-inline")

    def setUp(self) -> None:
        self.first = self.message("Нет отопления на Ленина 5")
        self.second = self.message("Яма у школы")

    def post(self, **data: object) -> object:
        return self.client.post(self.url, data, **HX)

    def test_dismiss_replaces_the_row(self) -> None:
        self.login(self.moderator)
        response = self.post(action="dismiss", messages=[self.first.pk])
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn(f'id="msg-{self.first.pk}"', html)
        self.assertIn('hx-swap-oob="true"', html)
        self.assertIn("Отмечено как не требующее реакции: 1", html)
        self.assertNotIn("<html", html)
        self.first.refresh_from_db()
        self.assertEqual(self.first.status, Message.Status.DISMISSED)
        self.assertEqual(self.first.handled_by, self.moderator)

    def test_restore_brings_it_back(self) -> None:
        self.login(self.moderator)
        self.post(action="dismiss", messages=[self.first.pk])
        response = self.post(action="restore", messages=[self.first.pk])
        self.assertContains(response, "Возвращено во входящие: 1")
        self.first.refresh_from_db()
        self.assertEqual(self.first.status, Message.Status.NEW)

    def test_create_from_one_message(self) -> None:
        self.login(self.moderator)
        response = self.post(action="create", messages=[self.first.pk], fill="suggestions")
        incident = Incident.objects.get()
        self.assertContains(response, f"Создан инцидент #{incident.pk}")
        self.assertContains(response, f'href="/incidents/{incident.pk}/"')
        self.first.refresh_from_db()
        self.assertEqual(self.first.incident_id, incident.pk)
        self.assertEqual(incident.created_by, self.moderator)

    def test_bulk_create_with_fields(self) -> None:
        self.login(self.moderator)
        response = self.post(
            action="create",
            messages=[self.first.pk, self.second.pk],
            **{"inc-title": "Две жалобы", "inc-priority": "high", "inc-department": self.dept_a.pk},
        )
        self.assertEqual(response.status_code, 200)
        incident = Incident.objects.get()
        self.assertEqual((incident.title, incident.department), ("Две жалобы", self.dept_a))
        self.assertEqual(incident.messages.count(), 2)
        self.assertContains(response, f'id="msg-{self.second.pk}"')

    def test_attach_to_an_incident(self) -> None:
        incident = incident_actions.create_incident(self.moderator, [self.second])
        self.login(self.moderator)
        response = self.post(action="attach", messages=[self.first.pk], incident=incident.pk)
        self.assertContains(response, f"Сообщений добавлено к инциденту #{incident.pk}: 1")
        self.first.refresh_from_db()
        self.assertEqual(self.first.incident_id, incident.pk)

    def test_bad_input_is_422_in_russian(self) -> None:
        self.login(self.moderator)
        response = self.post(action="attach", messages=[self.first.pk], incident="999")
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Инцидент с таким номером не найден", status_code=422)
        self.assertEqual(response["HX-Retarget"], "#inline-status")
        response = self.post(action="create", messages=[self.first.pk], **{"inc-priority": "x"})
        self.assertContains(response, "Приоритет:", status_code=422)
        self.assertEqual(self.post(action="dismiss").status_code, 422)
        self.assertContains(
            self.post(action="explode", messages=[self.first.pk]),
            "Неизвестное действие",
            status_code=422,
        )
        self.assertFalse(Incident.objects.exists())
        self.first.refresh_from_db()
        self.assertEqual(self.first.status, Message.Status.NEW)

    def test_executor_and_analyst_are_refused_in_russian(self) -> None:
        for user in (self.executor_a, self.analyst):
            self.login(user)
            response = self.post(action="dismiss", messages=[self.first.pk])
            self.assertEqual(response.status_code, 403)
            self.assertContains(response, "только пресс-служба", status_code=403)
        self.first.refresh_from_db()
        self.assertEqual(self.first.status, Message.Status.NEW)

    def test_without_htmx_the_full_page_post_still_works(self) -> None:
        self.login(self.moderator)
        response = self.client.post(
            self.url, {"action": "dismiss", "messages": [self.first.pk], "next": "/inbox/"}
        )
        self.assertRedirects(response, "/inbox/", fetch_redirect_response=False)
        self.first.refresh_from_db()
        self.assertEqual(self.first.status, Message.Status.DISMISSED)

    def test_inbox_page_offers_the_inline_forms(self) -> None:
        self.login(self.moderator)
        html = self.client.get("/inbox/").content.decode()
        self.assertIn(f'hx-post="{self.url}"', html)
        self.assertIn(f'form="act-{self.first.pk}"', html)
        self.assertIn('data-key="d"', html)
        self.assertIn('data-key="c"', html)
        self.assertIn('href="#main"', html)
