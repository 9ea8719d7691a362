"""Incident actions: each changes state, records an Event and respects roles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from otklik.inbox.models import Message
from otklik.incidents import actions
from otklik.incidents.models import Event
from otklik.incidents.states import Resolution, Status
from otklik.testing.base import BaseTestCase


class IncidentActionTests(BaseTestCase):
    def test_create_from_messages_routes_by_category(self) -> None:
        m1, m2 = self.message(), self.message("Холодные батареи, тот же дом", likes=4)
        incident = actions.create_incident(self.moderator, [m1, m2], category=self.category)
        self.assertEqual(incident.department, self.dept_a)
        self.assertEqual(incident.status, Status.ASSIGNED)
        self.assertEqual(incident.title, "Нет отопления в доме")
        self.assertEqual(
            set(incident.messages.values_list("status", flat=True)), {Message.Status.LINKED}
        )
        incident.refresh_from_db()
        self.assertEqual(incident.resonance, 2 + 4)
        self.assertIsNotNone(incident.first_reply_due)
        self.assertLess(incident.first_reply_due, incident.final_answer_due)
        kinds = list(incident.events.values_list("kind", flat=True))
        self.assertEqual(kinds, [Event.Kind.CREATED, Event.Kind.ASSIGNED])

    def test_only_press_service_creates(self) -> None:
        for persona in (self.executor_a, self.analyst):
            with self.assertRaises(PermissionDenied):
                actions.create_incident(persona, [self.message()])

    def test_create_needs_messages(self) -> None:
        with self.assertRaises(ValidationError):
            actions.create_incident(self.moderator, [])

    def test_attach_moves_message_and_records_event(self) -> None:
        first = actions.create_incident(self.moderator, [self.message()])
        second = actions.create_incident(self.moderator, [self.message("Другое")])
        extra = second.messages.get()
        actions.attach_messages(self.moderator, first, [extra, self.message("Ещё жалоба")])
        self.assertEqual(first.messages.count(), 3)
        event = first.events.get(kind=Event.Kind.MESSAGES_ATTACHED)
        self.assertEqual(event.data["moved_from"], [second.pk])

    def test_assign_and_executor_scope(self) -> None:
        incident = actions.create_incident(self.moderator, [self.message()])
        actions.assign(
            self.moderator, incident, self.dept_a, self.executor_a, "Просьба взять в работу"
        )
        self.assertEqual((incident.department, incident.assignee), (self.dept_a, self.executor_a))
        with self.assertRaises(PermissionDenied):
            actions.assign(self.executor_b, incident, self.dept_b)
        with self.assertRaises(PermissionDenied):
            actions.assign(self.executor_a, incident, self.dept_b)
        with self.assertRaises(ValidationError):
            actions.assign(self.moderator, incident, self.dept_a, self.executor_b)

    def test_status_transitions(self) -> None:
        incident = actions.create_incident(self.moderator, [self.message()], department=self.dept_a)
        actions.change_status(self.executor_a, incident, Status.IN_WORK, "Выехала бригада")
        with self.assertRaises(ValidationError):
            actions.change_status(self.executor_a, incident, Status.PUBLISHED)
        with self.assertRaises(ValidationError):
            actions.change_status(self.executor_a, incident, Status.CLOSED)
        actions.change_status(
            self.executor_a, incident, Status.CLOSED, "Готово", Resolution.RESOLVED
        )
        self.assertIsNotNone(incident.closed_at)
        with self.assertRaises(ValidationError):
            actions.change_status(self.moderator, incident, Status.REOPENED, "")
        actions.change_status(
            self.moderator, incident, Status.REOPENED, "Житель пишет, что не решено"
        )
        self.assertEqual(incident.resolution, "")
        summaries = [e.summary for e in incident.events.filter(kind=Event.Kind.STATUS_CHANGED)]
        self.assertEqual(summaries[0], "Назначен → В работе")
        self.assertIn("Решено", summaries[1])

    def test_analyst_cannot_change_anything(self) -> None:
        incident = actions.create_incident(self.moderator, [self.message()], department=self.dept_a)
        with self.assertRaises(PermissionDenied):
            actions.change_status(self.analyst, incident, Status.IN_WORK)
        with self.assertRaises(PermissionDenied):
            actions.add_comment(self.analyst, incident, "Комментарий")

    def test_update_details_recomputes_deadlines(self) -> None:
        incident = actions.create_incident(self.moderator, [self.message()])
        before = incident.first_reply_due
        actions.update_details(
            self.moderator, incident, "", priority="critical", title="Газ в подъезде"
        )
        self.assertNotEqual(incident.first_reply_due, before)
        event = incident.events.get(kind=Event.Kind.UPDATED)
        self.assertIn("priority", event.data["changes"])

    def test_detach_keeps_last_message(self) -> None:
        m1, m2 = self.message(), self.message("второе")
        incident = actions.create_incident(self.moderator, [m1, m2])
        actions.detach_message(self.moderator, incident, m2)
        m2.refresh_from_db()
        self.assertEqual(m2.status, Message.Status.NEW)
        with self.assertRaises(ValidationError):
            actions.detach_message(self.moderator, incident, m1)
