"""advance_status and record_first_reply: how the apps above move an incident."""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.exceptions import ValidationError

from otklik.incidents import actions
from otklik.incidents.models import Event
from otklik.incidents.states import Status
from otklik.testing.base import BaseTestCase


class AdvanceStatusTests(BaseTestCase):
    def setUp(self) -> None:
        self.incident = actions.create_incident(
            self.moderator, [self.message()], department=self.dept_a
        )

    def moves(self) -> list[tuple[str, str, str]]:
        events = self.incident.events.filter(kind=Event.Kind.STATUS_CHANGED).order_by("id")
        return [(e.data["before"], e.data["after"], e.comment) for e in events]

    def test_an_allowed_move_is_saved_and_recorded(self) -> None:
        actions.advance_status(self.executor_a, self.incident, Status.IN_WORK, "Взято в работу")
        self.incident.refresh_from_db()
        self.assertEqual(self.incident.status, Status.IN_WORK)
        self.assertEqual(self.moves(), [(Status.ASSIGNED, Status.IN_WORK, "Взято в работу")])

    def test_an_impossible_move_is_refused(self) -> None:
        with self.assertRaisesRegex(ValidationError, "«Назначен» → «Ответ опубликован»"):
            actions.advance_status(None, self.incident, Status.PUBLISHED)
        self.incident.refresh_from_db()
        self.assertEqual(self.incident.status, Status.ASSIGNED)
        self.assertEqual(self.moves(), [])

    def test_the_same_status_records_nothing(self) -> None:
        actions.advance_status(None, self.incident, Status.ASSIGNED)
        self.assertEqual(self.moves(), [])

    def test_the_first_reply_is_recorded_once(self) -> None:
        first = datetime(2026, 11, 23, 5, 0, tzinfo=UTC)
        self.assertTrue(actions.record_first_reply(self.incident, first))
        self.assertFalse(actions.record_first_reply(self.incident, datetime.now(UTC)))
        self.incident.refresh_from_db()
        self.assertEqual(self.incident.first_replied_at, first)
