"""Suggestions learn from decisions made in the apps below them, told through their signals."""

from __future__ import annotations

from unittest import mock

from otklik.incidents import actions as incident_actions
from otklik.suggestions import receivers
from otklik.suggestions.models import Correction, Suggestion
from otklik.testing.base import BaseTestCase


class DecisionReceiverTest(BaseTestCase):
    def suggested(self, text: str = "Нет отопления, батареи холодные") -> Suggestion:
        message = self.message(text)
        return Suggestion.objects.create(
            message=message, actionable=0.9, category=self.category, department=self.dept_a
        )

    def test_a_decision_through_incidents_becomes_a_correction(self) -> None:
        suggestion = self.suggested()
        incident = incident_actions.create_incident(
            self.moderator, [suggestion.message], department=self.dept_b
        )
        chosen = set(Correction.objects.values_list("message_id", "field", "chosen"))
        self.assertEqual(chosen, {(suggestion.message_id, "department", "dept-b")})
        incident_actions.update_details(self.moderator, incident, priority="high")
        self.assertTrue(Correction.objects.filter(field="priority", chosen="high").exists())

    def test_every_deciding_action_is_heard(self) -> None:
        suggestion = self.suggested()
        with mock.patch.object(receivers, "record_decisions") as record:
            incident = incident_actions.create_incident(self.moderator, [suggestion.message])
            incident_actions.assign(self.moderator, incident, self.dept_b)
            incident_actions.update_details(self.moderator, incident, priority="high")
        self.assertEqual([c.args for c in record.call_args_list], [(self.moderator, incident)] * 3)
