"""Reminders: a working day before the deadline and once overdue, each sent once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.core import mail

from otklik import periodic
from otklik.meetings import actions
from otklik.meetings.actions.reminders import remind_due
from otklik.meetings.models import InstructionEvent
from otklik.meetings.tests.helpers import NOW, MeetingsTestCase, at
from otklik.notify.actions import send_pending

# The instruction below is due Friday 4 Dec 18:00 local; the reminder day is Thursday 3 Dec.
WEDNESDAY = datetime(2026, 12, 2, 5, 0, tzinfo=UTC)
THURSDAY = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
SATURDAY = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)


class ReminderTests(MeetingsTestCase):
    def setUp(self) -> None:
        for user, email in (
            (self.executor_a, "a@seversk.test"),
            (self.moderator, "m@seversk.test"),
        ):
            user.email = email
            user.save(update_fields=["email"])
        with at(NOW):
            self.item = self.instruction(working_days=4, responsible=self.executor_a)
        self.deliver()  # the notice that the instruction was issued (test_notices.py)
        mail.outbox.clear()

    def deliver(self) -> None:
        """The notify worker sends what the reminders queued."""
        send_pending(now=SATURDAY + timedelta(days=30))

    def reminders(self) -> list[InstructionEvent]:
        return list(self.item.events.filter(kind=InstructionEvent.Kind.REMINDED))

    def test_registered_with_the_worker(self) -> None:
        self.assertIn("otklik.meetings.actions.reminders.remind_due", periodic.names())

    def test_warned_once_a_working_day_before(self) -> None:
        self.assertEqual(remind_due(now=WEDNESDAY), 0)
        self.assertEqual(remind_due(now=THURSDAY), 1)
        self.assertEqual(remind_due(now=THURSDAY + timedelta(hours=2)), 0)
        self.deliver()
        self.assertEqual([m.to for m in mail.outbox], [["a@seversk.test"]])
        self.assertIn(self.item.number, mail.outbox[0].subject)
        self.assertIn("04.12.2026 18:00", mail.outbox[0].body)
        self.assertEqual(len(self.reminders()), 1)

    def test_overdue_once_to_the_responsible_and_the_press_service(self) -> None:
        self.assertEqual(remind_due(now=SATURDAY), 1)  # too late to warn: overdue only
        self.assertEqual(remind_due(now=SATURDAY + timedelta(days=1)), 0)
        self.item.refresh_from_db()
        with at(SATURDAY):
            self.assertTrue(self.item.is_overdue)
        self.assertIsNotNone(self.item.overdue_notified_at)
        self.deliver()
        overdue = [m for m in mail.outbox if "Просрочено" in m.subject]
        self.assertEqual(sorted(m.to[0] for m in overdue), ["a@seversk.test", "m@seversk.test"])

    def test_an_extension_is_reminded_of_again(self) -> None:
        remind_due(now=SATURDAY)
        with at(SATURDAY):
            actions.extend(self.moderator, self.item, "Нет материалов", working_days=3)
        self.assertEqual(remind_due(now=SATURDAY + timedelta(hours=1)), 0)
        self.assertEqual(remind_due(now=datetime(2026, 12, 9, 3, 0, tzinfo=UTC)), 1)

    def test_done_and_cancelled_are_left_alone(self) -> None:
        actions.cancel(self.moderator, self.item, "Не нужно")
        self.assertEqual(remind_due(now=SATURDAY), 0)
        self.deliver()
        self.assertEqual(mail.outbox, [])
