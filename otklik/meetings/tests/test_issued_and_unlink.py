"""An issued instruction is told to its department once; an incident can be unlinked from it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from otklik.answers.models import Answer
from otklik.meetings import actions
from otklik.meetings.models import InstructionEvent
from otklik.meetings.tests.helpers import MeetingsTestCase
from otklik.notify.models import Notification

ISSUED = Notification.Kind.INSTRUCTION_ISSUED


class IssuedNoticeTests(MeetingsTestCase):
    def setUp(self) -> None:
        for user in (self.executor_a, self.executor_b, self.moderator):
            user.email = f"{user.username}@seversk.test"
            user.save(update_fields=["email"])

    def test_the_responsible_person_is_told(self) -> None:
        instruction = self.instruction(responsible=self.executor_a, expected_result="Новое крыльцо")
        notice = Notification.objects.get(kind=ISSUED)
        self.assertEqual(notice.user, self.executor_a)
        self.assertEqual(notice.subject, f"Новое поручение {instruction.number}")
        self.assertIn("Отремонтировать крыльцо", notice.text)
        self.assertIn("Ожидаемый результат: Новое крыльцо", notice.text)
        self.assertIn(f"/meetings/instructions/{instruction.pk}/", notice.text)

    def test_without_one_the_departments_executors(self) -> None:
        self.instruction(department=self.dept_b)
        users = set(Notification.objects.filter(kind=ISSUED).values_list("user", flat=True))
        self.assertEqual(users, {self.executor_b.pk})

    def test_the_kind_reads_in_russian(self) -> None:
        self.assertEqual(Notification.Kind(ISSUED).label, "Выдано поручение")


class UnlinkTests(MeetingsTestCase):
    def setUp(self) -> None:
        self.item = self.instruction()
        self.incident_a = self.incident()
        actions.link_incident(self.moderator, self.item, self.incident_a)

    def test_unlinked_incident_gets_no_answer_on_completion(self) -> None:
        actions.unlink_incident(self.executor_a, self.item, self.incident_a)
        self.assertFalse(self.item.incidents.exists())
        event = self.item.events.latest("pk")
        self.assertEqual(event.kind, InstructionEvent.Kind.UNLINKED)
        self.assertIn(f"#{self.incident_a.pk}", event.text)
        actions.complete(self.executor_a, self.item, "Готово")
        self.assertFalse(Answer.objects.filter(incident=self.incident_a).exists())

    def test_checks(self) -> None:
        with self.assertRaises(PermissionDenied):
            actions.unlink_incident(self.executor_b, self.item, self.incident_a)
        other = self.incident()
        with self.assertRaises(ValidationError):
            actions.unlink_incident(self.moderator, self.item, other)
        actions.cancel(self.moderator, self.item, "Не нужно")
        with self.assertRaises(ValidationError):
            actions.unlink_incident(self.moderator, self.item, self.incident_a)

    def test_the_button(self) -> None:
        card = f"/meetings/instructions/{self.item.pk}/"
        url = f"{card}unlink/{self.incident_a.pk}/"
        self.login(self.executor_a)
        self.assertContains(self.client.get(card), url)
        self.assertEqual(self.client.get(url).status_code, 405)
        self.login(self.executor_b)
        self.assertEqual(self.client.post(url).status_code, 403)
        self.login(self.executor_a)
        response = self.client.post(url, follow=True)
        self.assertContains(response, "Связь инцидента")
        self.assertFalse(self.item.incidents.exists())
        self.assertEqual(self.client.post(url).status_code, 404)
