"""Reopening an incident re-arms its escalation: the new deadlines are warned about and escalated
again, once each (before, a step taken once was never taken again)."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.db import IntegrityError, transaction

from otklik.accounts.models import Role
from otklik.incidents.actions import change_status
from otklik.incidents.states import Resolution, Status
from otklik.notify.actions import claim_escalation
from otklik.notify.models import Escalation, Notification
from otklik.notify.sla import check_deadlines
from otklik.notify.tests.helpers import NOW, NotifyTestCase


class ReopenRearmsEscalationTest(NotifyTestCase):
    def setUp(self) -> None:
        self.head = self.persona("head_a", Role.EXECUTOR, self.dept_a)
        self.head.position = "Начальник управления ЖКХ"
        self.head.email = "head@seversk.example"
        self.head.save()

    def escalated_then_reopened(self) -> tuple[object, object]:
        incident = self.incident(
            first_reply_due=NOW, category=self.category, status=Status.ASSIGNED
        )
        for hours in (-1, 0.1, 5):  # warning, overdue (head), press service
            check_deadlines(100, now=NOW + timedelta(hours=hours))
        self.assertEqual(Escalation.objects.filter(incident=incident).count(), 3)
        change_status(self.moderator, incident, Status.IN_WORK)
        change_status(
            self.moderator, incident, Status.CLOSED, "Сделано", resolution=Resolution.RESOLVED
        )
        reopened = NOW + timedelta(days=2)
        with mock.patch("django.utils.timezone.now", return_value=reopened):
            change_status(self.moderator, incident, Status.REOPENED, "Житель: не сделано")
        incident.refresh_from_db()
        return incident, reopened

    def test_the_new_first_reply_deadline_is_escalated_again(self) -> None:
        incident, reopened = self.escalated_then_reopened()
        self.assertEqual(incident.reopened_at, reopened)
        self.assertGreater(incident.first_reply_due, reopened)
        before = Notification.objects.count()
        due = incident.first_reply_due
        check_deadlines(100, now=due - timedelta(minutes=30))
        check_deadlines(100, now=due + timedelta(minutes=1))
        check_deadlines(100, now=due + timedelta(hours=5))
        check_deadlines(100, now=due + timedelta(hours=6))  # nothing repeats in this round
        kinds = list(Notification.objects.order_by("id")[before:].values_list("kind", flat=True))
        self.assertEqual(
            list(dict.fromkeys(kinds)),  # each step once (a warning goes to each executor)
            [
                Notification.Kind.DEADLINE_WARNING,
                Notification.Kind.OVERDUE,
                Notification.Kind.ESCALATION,
            ],
        )
        steps = Escalation.objects.filter(incident=incident, clock="first_reply")
        self.assertEqual(steps.count(), 3)
        self.assertTrue(all(s.due == due for s in steps))

    def test_a_re_armed_step_is_claimed_once(self) -> None:
        incident, reopened = self.escalated_then_reopened()
        due = incident.first_reply_due
        claim_escalation(incident, "first_reply", 1, due, reopened + timedelta(hours=1))
        with self.assertRaises(IntegrityError), transaction.atomic():
            claim_escalation(incident, "first_reply", 1, due, reopened + timedelta(hours=1))

    def test_without_a_reopening_a_step_is_still_never_repeated(self) -> None:
        incident = self.incident(first_reply_due=NOW - timedelta(minutes=1))
        check_deadlines(100, now=NOW)
        incident.first_reply_due = NOW + timedelta(hours=1)  # a deadline moved later
        incident.save()
        self.assertEqual(check_deadlines(100, now=NOW + timedelta(hours=2)), 0)
