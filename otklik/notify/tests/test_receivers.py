"""Notify hears incidents through otklik.incidents.signals, inside the incident's transaction."""

from __future__ import annotations

from unittest import mock

from otklik.incidents import actions
from otklik.incidents.models import Event
from otklik.incidents.states import Status
from otklik.notify import receivers
from otklik.notify.models import Notification
from otklik.notify.tests.helpers import NotifyTestCase


class AssignmentReceiverTest(NotifyTestCase):
    def test_assigning_through_incidents_notifies_the_assignee(self) -> None:
        incident = actions.create_incident(self.moderator, [self.message()])
        actions.assign(self.moderator, incident, self.dept_a, self.executor_a)
        event = incident.events.filter(kind=Event.Kind.ASSIGNED).latest("id")
        note = Notification.objects.get(kind=Notification.Kind.ASSIGNMENT)
        self.assertEqual((note.user, note.incident), (self.executor_a, incident))
        self.assertTrue(note.dedupe_key.startswith(f"assignment:{incident.pk}:{event.pk}:"))

    def test_a_failing_receiver_rolls_the_assignment_back(self) -> None:
        incident = actions.create_incident(self.moderator, [self.message()])
        with mock.patch.object(receivers, "on_assigned", side_effect=RuntimeError("down")):
            with self.assertRaises(RuntimeError):
                actions.assign(self.moderator, incident, self.dept_a, self.executor_a)
        incident.refresh_from_db()
        self.assertIsNone(incident.assignee)
        self.assertFalse(incident.events.filter(kind=Event.Kind.ASSIGNED).exists())


class ReopenReceiverTest(NotifyTestCase):
    def test_a_resident_reopening_notifies_who_works_on_it(self) -> None:
        incident = self.incident(assignee=self.executor_a, status=Status.PUBLISHED)
        reply = self.message("Ничего не сделали")
        self.assertTrue(actions.reopen_from_resident(incident, reply, "Не решено"))
        event = incident.events.get(kind=Event.Kind.STATUS_CHANGED)
        note = Notification.objects.get(kind=Notification.Kind.REOPENED)
        self.assertEqual(note.user, self.executor_a)
        self.assertTrue(note.dedupe_key.startswith(f"reopened:{incident.pk}:{event.pk}:"))
        self.assertIn("Не решено", note.text)
