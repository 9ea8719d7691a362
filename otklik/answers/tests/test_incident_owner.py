"""Answers move the incident only through its owner, otklik.incidents.actions."""

from __future__ import annotations

from unittest import mock

from django.core.exceptions import ValidationError

from otklik.answers import actions
from otklik.answers.models import Answer, Publication
from otklik.answers.tests.helpers import GOOD_TEXT, AnswerTestCase
from otklik.incidents import actions as incident_actions
from otklik.incidents.models import Event
from otklik.incidents.states import Resolution, Status


class IncidentOwnerTest(AnswerTestCase):
    def test_submitting_and_approving_move_the_incident_through_incidents_actions(self) -> None:
        incident = self.incident()
        with mock.patch.object(
            actions, "advance_status", wraps=incident_actions.advance_status
        ) as advance:
            answer = actions.draft_answer(self.executor_a, incident, text=GOOD_TEXT)
            actions.submit_for_approval(self.executor_a, answer)
            actions.approve(self.moderator, answer)
        self.assertEqual(
            [c.args[2] for c in advance.call_args_list],
            [Status.IN_WORK, Status.ANSWER_DRAFTED, Status.ON_APPROVAL, Status.ANSWER_APPROVED],
        )
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.ANSWER_APPROVED)
        moves = incident.events.filter(kind=Event.Kind.STATUS_CHANGED).order_by("id")
        self.assertEqual(
            [(e.data["before"], e.data["after"]) for e in moves],
            [
                (Status.ASSIGNED, Status.IN_WORK),
                (Status.IN_WORK, Status.ANSWER_DRAFTED),
                (Status.ANSWER_DRAFTED, Status.ON_APPROVAL),
                (Status.ON_APPROVAL, Status.ANSWER_APPROVED),
            ],
        )

    def test_approving_for_a_closed_incident_is_refused(self) -> None:
        incident = self.incident()
        answer = actions.draft_answer(self.executor_a, incident, text=GOOD_TEXT)
        actions.submit_for_approval(self.executor_a, answer)
        incident_actions.change_status(
            self.moderator, incident, Status.CLOSED, resolution=Resolution.EXPLAINED
        )
        answer.refresh_from_db()
        with self.assertRaisesRegex(ValidationError, "«Закрыт» → «Ответ согласован» не разрешён"):
            actions.approve(self.moderator, answer)
        answer.refresh_from_db()
        incident.refresh_from_db()
        self.assertEqual(answer.status, Answer.Status.SUBMITTED)
        self.assertEqual(incident.status, Status.CLOSED)
        self.assertFalse(Publication.objects.exists())

    def test_the_first_reply_stops_its_clock_through_incidents_actions(self) -> None:
        incident = self.incident()
        answer = actions.draft_answer(self.executor_a, incident, text=GOOD_TEXT)
        actions.submit_for_approval(self.executor_a, answer)
        actions.approve(self.moderator, answer)
        with mock.patch.object(
            actions, "record_first_reply", wraps=incident_actions.record_first_reply
        ) as stop:
            self.assertEqual(actions.publish_pending(), 1)
        stop.assert_called_once()
        incident.refresh_from_db()
        self.assertIsNotNone(incident.first_replied_at)
        self.assertEqual(incident.status, Status.PUBLISHED)
