"""Reopening an incident recomputes both clocks from the reopening moment on the working
calendar (before, the old, long-passed deadlines stayed)."""

from __future__ import annotations

from datetime import UTC, datetime
from unittest import mock

from otklik.incidents.actions import change_status, create_incident, reopen_from_resident
from otklik.incidents.deadlines import resolve_deadlines
from otklik.incidents.models import Event
from otklik.incidents.states import Resolution, Status
from otklik.testing.base import BaseTestCase

# Friday 27 November 2026, 17:30 in Seversk: the first reply falls on Monday's working hours.
REOPENED = datetime(2026, 11, 27, 10, 30, tzinfo=UTC)


class ReopenClocksTest(BaseTestCase):
    def closed(self):  # type: ignore[no-untyped-def]
        incident = create_incident(self.moderator, [self.message()], category=self.category)
        change_status(self.moderator, incident, Status.IN_WORK)
        incident.first_replied_at = incident.created_at
        incident.save()
        change_status(
            self.moderator, incident, Status.CLOSED, "Сделано", resolution=Resolution.RESOLVED
        )
        return incident

    def expected(self, incident):  # type: ignore[no-untyped-def]
        return resolve_deadlines(incident.category, incident.priority, REOPENED)

    def test_staff_reopening_restarts_both_clocks(self) -> None:
        incident = self.closed()
        with mock.patch("django.utils.timezone.now", return_value=REOPENED):
            change_status(self.moderator, incident, Status.REOPENED, "Не сделано")
        incident.refresh_from_db()
        clocks = self.expected(incident)
        self.assertEqual(incident.first_reply_due, clocks.first_reply_due)
        self.assertEqual(incident.final_answer_due, clocks.final_answer_due)
        self.assertEqual(incident.first_reply_due.isoweekday(), 1)  # Monday: working time
        self.assertIsNone(incident.first_replied_at)
        self.assertEqual(incident.reopened_at, REOPENED)
        event = incident.events.get(kind=Event.Kind.STATUS_CHANGED, data__after="reopened")
        self.assertIn("сроки заново с повторного открытия", event.data["rule"]["text"])

    def test_the_resident_reopening_restarts_both_clocks(self) -> None:
        incident = self.closed()
        reply = self.message("Нет, ничего не сделали")
        with mock.patch("django.utils.timezone.now", return_value=REOPENED):
            self.assertTrue(reopen_from_resident(incident, reply, "Житель: не решено"))
        incident.refresh_from_db()
        clocks = self.expected(incident)
        self.assertEqual(
            (incident.first_reply_due, incident.final_answer_due),
            (clocks.first_reply_due, clocks.final_answer_due),
        )
        self.assertIsNone(incident.first_replied_at)
        self.assertEqual(incident.status, Status.REOPENED)
