"""The incident card's inline actions (htmx): the partial, the refusals in Russian, the change
made through the actions (an Event recorded)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse

from otklik.accounts.models import Role
from otklik.incidents import actions
from otklik.incidents.card import can_take
from otklik.incidents.models import Event
from otklik.incidents.states import Status
from otklik.testing.base import BaseTestCase

HX = {"HTTP_HX_REQUEST": "true"}


class IncidentInlineTests(BaseTestCase):
    def setUp(self) -> None:
        self.incident = actions.create_incident(
            self.moderator, [self.message()], department=self.dept_a
        )

    def post(self, name: str, **data: object) -> object:
        return self.client.post(reverse(name, args=[self.incident.pk]), data, **HX)

    def assert_partial(self, response: object, note: str) -> None:
        self.assertEqual(response.status_code, 200)  # type: ignore[attr-defined]
        html = response.content.decode()  # type: ignore[attr-defined]
        self.assertIn(note, html)
        self.assertIn('id="incident-work" hx-swap-oob="true"', html)
        self.assertIn('id="incident-history" hx-swap-oob="true"', html)
        self.assertNotIn("<html", html)

    def test_assign_an_executor(self) -> None:
        self.login(self.moderator)
        response = self.post(
            "incident-inline-assign", department=self.dept_a.pk, assignee=self.executor_a.pk
        )
        self.assert_partial(response, "Назначение сохранено")
        self.incident.refresh_from_db()
        self.assertEqual(self.incident.assignee, self.executor_a)
        self.assertTrue(self.incident.events.filter(kind=Event.Kind.ASSIGNED).count() >= 2)

    def test_take_it_yourself(self) -> None:
        self.login(self.executor_a)
        response = self.post("incident-inline-take")
        self.assert_partial(response, "Инцидент назначен на вас")
        self.assertContains(response, str(self.executor_a))
        self.incident.refresh_from_db()
        self.assertEqual(self.incident.assignee, self.executor_a)

    def test_take_without_a_department_is_422(self) -> None:
        self.login(self.moderator)
        response = self.post("incident-inline-take")
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Назначить на себя можно", status_code=422)
        self.assertFalse(can_take(self.moderator, self.incident))
        self.assertTrue(can_take(self.executor_a, self.incident))

    def test_change_status(self) -> None:
        self.login(self.executor_a)
        response = self.post("incident-inline-status", status=Status.IN_WORK)
        self.assert_partial(response, "Статус: В работе")
        self.incident.refresh_from_db()
        self.assertEqual(self.incident.status, Status.IN_WORK)
        self.assertTrue(self.incident.events.filter(kind=Event.Kind.STATUS_CHANGED).exists())

    def test_comment(self) -> None:
        self.login(self.executor_a)
        response = self.post("incident-inline-comment", comment="Выехала бригада")
        self.assert_partial(response, "Комментарий добавлен")
        self.assertContains(response, "Выехала бригада")
        self.assertTrue(self.incident.events.filter(kind=Event.Kind.COMMENTED).exists())

    def test_bad_input_is_422_in_russian(self) -> None:
        self.login(self.executor_a)
        response = self.post("incident-inline-comment", comment="")
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Комментарий: Обязательное поле.", status_code=422)
        self.assertEqual(response["HX-Retarget"], "#inline-status")
        response = self.post("incident-inline-status", status=Status.CLOSED)
        self.assertContains(response, "Укажите итог закрытия", status_code=422)
        response = self.post("incident-inline-status", status="nonsense")
        self.assertContains(response, "Новый статус:", status_code=422)
        self.incident.refresh_from_db()
        self.assertEqual(self.incident.status, Status.ASSIGNED)
        self.assertFalse(self.incident.events.filter(kind=Event.Kind.COMMENTED).exists())

    def test_wrong_role_is_403_and_other_department_404(self) -> None:
        self.login(self.analyst)
        response = self.post("incident-inline-comment", comment="Можно?")
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "Изменять этот инцидент вам нельзя", status_code=403)
        self.login(self.executor_b)
        self.assertEqual(self.post("incident-inline-take").status_code, 404)
        self.assertFalse(self.incident.events.filter(kind=Event.Kind.COMMENTED).exists())
        self.incident.refresh_from_db()
        self.assertIsNone(self.incident.assignee)

    def test_executor_may_not_move_it_to_another_department(self) -> None:
        other = self.persona("roads_boss", Role.EXECUTOR, self.dept_b)
        self.assertFalse(can_take(other, self.incident))
        self.login(self.executor_a)
        response = self.post("incident-inline-assign", department=self.dept_b.pk)
        # An executor's department field is ignored, as on the full page: nothing changes.
        self.assertContains(response, "Назначение не изменилось", status_code=422)

    def test_without_htmx_the_full_page_post_still_works(self) -> None:
        self.login(self.executor_a)
        url = reverse("incident-inline-take", args=[self.incident.pk])
        response = self.client.post(url)
        self.assertRedirects(
            response, f"/incidents/{self.incident.pk}/", fetch_redirect_response=False
        )
        self.incident.refresh_from_db()
        self.assertEqual(self.incident.assignee, self.executor_a)
        response = self.client.post(
            reverse("incident-inline-comment", args=[self.incident.pk]), {"comment": "Без JS"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(self.incident.events.filter(comment="Без JS").exists())

    def test_the_partials_carry_the_inline_forms(self) -> None:
        html = render_to_string(
            "incidents/_work.html",
            {
                "incident": self.incident,
                "can_edit": True,
                "can_take": True,
                "assign_form": None,
                "status_form": None,
            },
        )
        self.assertIn(reverse("incident-inline-assign", args=[self.incident.pk]), html)
        self.assertIn('data-key="a"', html)

    def test_the_card_page_offers_them(self) -> None:
        self.login(self.executor_a)
        response = self.client.get(f"/incidents/{self.incident.pk}/")
        self.assertContains(response, 'id="incident-work"')
        self.assertContains(response, 'id="incident-history"')
        self.assertContains(response, "Назначить на меня")
        self.assertContains(
            response, f'hx-post="{reverse("incident-inline-status", args=[self.incident.pk])}"'
        )
