"""The press service marks a solved incident as a public example for /open/: rights and Event."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from otklik.incidents import actions
from otklik.incidents.models import Event
from otklik.testing.base import BaseTestCase


class MarkPublicTests(BaseTestCase):
    def test_press_service_marks_and_unmarks_with_an_event(self) -> None:
        incident = actions.create_incident(self.moderator, [self.message()])
        self.assertFalse(incident.is_public)
        self.assertTrue(actions.mark_public(self.moderator, incident, True))
        incident.refresh_from_db()
        self.assertTrue(incident.is_public)
        event = incident.events.get(kind=Event.Kind.PUBLICITY)
        self.assertEqual(event.actor, self.moderator)
        self.assertEqual(event.data, {"public": True})
        self.assertEqual(event.summary, "показан как пример")
        self.assertFalse(actions.mark_public(self.admin, incident, True))  # nothing changed
        self.assertTrue(actions.mark_public(self.admin, incident, False))
        incident.refresh_from_db()
        self.assertFalse(incident.is_public)
        self.assertEqual(incident.events.filter(kind=Event.Kind.PUBLICITY).count(), 2)

    def test_others_may_not(self) -> None:
        incident = actions.create_incident(self.moderator, [self.message()])
        incident.department = self.dept_a
        incident.save()
        for user in (self.executor_a, self.analyst, self.outsider):
            with self.assertRaises(PermissionDenied, msg=user.username):
                actions.mark_public(user, incident, True)
        incident.refresh_from_db()
        self.assertFalse(incident.is_public)
        self.assertFalse(incident.events.filter(kind=Event.Kind.PUBLICITY).exists())

    def test_toggle_on_the_card(self) -> None:
        incident = actions.create_incident(self.moderator, [self.message()])
        url = f"/incidents/{incident.pk}/"
        self.login(self.moderator)
        self.assertContains(self.client.get(url), "Показать как пример на открытой странице")
        response = self.client.post(url + "public/", {"public": "1"})
        self.assertRedirects(response, url)
        incident.refresh_from_db()
        self.assertTrue(incident.is_public)
        self.assertContains(self.client.get(url), "Убрать с открытой страницы")
        self.login(self.executor_a)
        self.assertEqual(self.client.post(url + "public/", {"public": "0"}).status_code, 403)
        self.login(self.analyst)
        self.assertNotContains(self.client.get(url), "открытой странице</button>")
        self.assertEqual(self.client.post(url + "public/", {"public": "0"}).status_code, 403)
        incident.refresh_from_db()
        self.assertTrue(incident.is_public)
