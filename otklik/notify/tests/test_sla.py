from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction

from otklik.accounts.models import Role
from otklik.incidents.models import Event
from otklik.incidents.states import Status
from otklik.notify.actions import claim_escalation
from otklik.notify.models import Escalation, Notification, NotificationPreference
from otklik.notify.sla import check_deadlines
from otklik.notify.tests.helpers import NOW, NotifyTestCase


class DeadlineWarningTest(NotifyTestCase):
    def test_warning_before_the_deadline_is_sent_once(self) -> None:
        incident = self.incident(assignee=self.executor_a)
        for minutes in (0, 5, 10):
            check_deadlines(100, now=NOW + timedelta(minutes=minutes))
        notes = Notification.objects.filter(kind=Notification.Kind.DEADLINE_WARNING)
        self.assertEqual(list(notes.values_list("user", flat=True)), [self.executor_a.pk])
        self.assertEqual(notes.get().incident, incident)
        self.assertIn("Срок первого ответа истекает 23.11.2026 13:00", notes.get().text)
        self.assertIn(f"/incidents/{incident.pk}/", notes.get().text)

    def test_no_warning_outside_the_window(self) -> None:
        self.incident(first_reply_due=NOW + timedelta(hours=3))
        self.assertEqual(check_deadlines(100, now=NOW), 0)
        self.assertFalse(Notification.objects.exists())

    def test_warning_goes_to_the_department_executors_without_an_assignee(self) -> None:
        self.incident()
        check_deadlines(100, now=NOW)
        users = Notification.objects.values_list("user", flat=True)
        self.assertEqual(list(users), [self.executor_a.pk])

    def test_a_stopped_clock_is_not_warned(self) -> None:
        self.incident(first_replied_at=NOW - timedelta(minutes=5))
        self.incident(status=Status.CLOSED)
        check_deadlines(100, now=NOW)
        self.assertFalse(Notification.objects.exists())

    def test_final_answer_clock_has_its_own_warning(self) -> None:
        self.incident(
            first_replied_at=NOW - timedelta(hours=2), final_answer_due=NOW + timedelta(hours=2)
        )
        check_deadlines(100, now=NOW)
        note = Notification.objects.get()
        self.assertIn("Срок окончательного ответа истекает", note.text)


class EscalationTest(NotifyTestCase):
    def setUp(self) -> None:
        self.head = self.persona("head_a", Role.EXECUTOR, self.dept_a)
        self.head.position = "Начальник управления ЖКХ"
        self.head.email = "head@seversk.example"
        self.head.save()

    def kinds(self) -> list[tuple[str, int]]:
        rows = Notification.objects.order_by("id").values_list("kind", "user")
        return list(rows)

    def test_levels_one_then_two_at_the_right_moments(self) -> None:
        incident = self.incident(first_reply_due=NOW, assignee=self.executor_a)
        check_deadlines(100, now=NOW - timedelta(hours=1))  # the warning
        check_deadlines(100, now=NOW + timedelta(minutes=1))  # overdue: the head
        check_deadlines(100, now=NOW + timedelta(hours=4))  # grace not over yet
        self.assertEqual(
            self.kinds(),
            [
                (Notification.Kind.DEADLINE_WARNING, self.executor_a.pk),
                (Notification.Kind.OVERDUE, self.head.pk),
            ],
        )
        check_deadlines(100, now=NOW + timedelta(hours=4, minutes=1))  # to the press service
        check_deadlines(100, now=NOW + timedelta(hours=9))
        self.assertEqual(self.kinds()[2:], [(Notification.Kind.ESCALATION, self.moderator.pk)])
        levels = Escalation.objects.filter(incident=incident).values_list("clock", "level")
        self.assertEqual(list(levels), [("first_reply", 0), ("first_reply", 1), ("first_reply", 2)])
        events = Event.objects.filter(incident=incident, kind=Event.Kind.COMMENTED)
        self.assertEqual(
            [e.data for e in events],
            [{"escalation": 1, "clock": "first_reply"}, {"escalation": 2, "clock": "first_reply"}],
        )
        self.assertIn("Эскалация руководителю подразделения", events[0].comment)

    def test_a_head_marked_in_preferences(self) -> None:
        self.head.position = ""
        self.head.save()
        deputy = self.persona("deputy_a", Role.EXECUTOR, self.dept_a)
        NotificationPreference.objects.create(
            user=deputy, channel="email", address="deputy@seversk.example", is_department_head=True
        )
        self.incident(first_reply_due=NOW - timedelta(minutes=1))
        check_deadlines(100, now=NOW)
        self.assertEqual(self.kinds(), [(Notification.Kind.OVERDUE, deputy.pk)])

    def test_no_head_means_the_press_service(self) -> None:
        self.incident(department=self.dept_b, first_reply_due=NOW - timedelta(minutes=1))
        check_deadlines(100, now=NOW)
        self.assertEqual(self.kinds(), [(Notification.Kind.OVERDUE, self.moderator.pk)])

    def test_a_step_already_taken_is_not_repeated(self) -> None:
        incident = self.incident(first_reply_due=NOW - timedelta(minutes=1))
        Escalation.objects.create(incident=incident, clock="first_reply", level=1, due=NOW)
        self.assertEqual(check_deadlines(100, now=NOW), 0)
        self.assertFalse(Notification.objects.exists())


class DeadlineSettingsTest(NotifyTestCase):
    def test_the_windows_come_from_settings(self) -> None:
        incident = self.incident(first_reply_due=NOW + timedelta(hours=3))
        with self.settings(DEADLINE_WARNING_HOURS=4, ESCALATION_HOURS=1):
            self.assertEqual(check_deadlines(100, now=NOW), 1)  # warned 3 hours ahead
            check_deadlines(100, now=NOW + timedelta(hours=3, minutes=1))  # overdue
            check_deadlines(100, now=NOW + timedelta(hours=4, minutes=2))  # 1 hour later
        levels = Escalation.objects.filter(incident=incident).values_list("level", flat=True)
        self.assertEqual(list(levels), [0, 1, 2])

    def test_an_escalation_step_is_claimed_once_through_notify_actions(self) -> None:
        incident = self.incident()
        claim_escalation(incident, "first_reply", 0, incident.first_reply_due, NOW)
        with self.assertRaises(IntegrityError), transaction.atomic():
            claim_escalation(incident, "first_reply", 0, incident.first_reply_due, NOW)
        self.assertEqual(Escalation.objects.filter(incident=incident).count(), 1)
