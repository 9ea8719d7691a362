"""Completing an instruction answers the residents of its incidents, through approval."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from otklik.answers.actions import approve
from otklik.answers.models import Answer, Publication
from otklik.incidents.models import Event
from otklik.meetings import actions
from otklik.meetings.models import Instruction, InstructionEvent
from otklik.meetings.tests.helpers import MeetingsTestCase


class CompletionTests(MeetingsTestCase):
    def test_linked_residents_get_an_answer_on_approval_not_before(self) -> None:
        incident = self.incident()
        instruction = self.instruction()
        actions.link_incident(self.moderator, instruction, incident)
        actions.complete(self.executor_a, instruction, "Крыльцо отремонтировано 3 декабря")
        instruction.refresh_from_db()
        self.assertEqual(instruction.state, Instruction.State.DONE)
        self.assertIsNotNone(instruction.done_at)
        answer = Answer.objects.get(incident=incident)
        self.assertEqual(answer.status, Answer.Status.SUBMITTED)
        self.assertIn(instruction.number, answer.text)
        self.assertIn("Крыльцо отремонтировано", answer.text)
        self.assertFalse(Publication.objects.filter(answer=answer).exists())
        note = incident.events.filter(
            kind=Event.Kind.COMMENTED, data__instruction=instruction.number
        )
        self.assertTrue(note.exists())
        done = instruction.events.get(kind=InstructionEvent.Kind.DONE)
        self.assertIn(f"ответ #{answer.pk} на согласовании", done.text)
        # The press service approves: only then is the publication into the thread queued.
        publications = approve(self.moderator, answer)
        self.assertEqual([p.message_id for p in publications], [incident.messages.get().pk])

    def test_an_incident_the_executor_cannot_answer_is_noted(self) -> None:
        theirs = self.incident(department=self.dept_b)
        instruction = self.instruction()
        actions.link_incident(self.moderator, instruction, theirs)
        actions.complete(self.executor_a, instruction, "Сделано")
        self.assertFalse(Answer.objects.filter(incident=theirs).exists())
        done = instruction.events.get(kind=InstructionEvent.Kind.DONE)
        self.assertIn(f"#{theirs.pk}: ответ не подготовлен", done.text)

    def test_result_is_required_and_other_departments_refused(self) -> None:
        instruction = self.instruction()
        with self.assertRaises(PermissionDenied):
            actions.complete(self.executor_b, instruction, "Готово")
        with self.assertRaisesMessage(ValidationError, "Результат"):
            actions.complete(self.executor_a, instruction, "  ")
