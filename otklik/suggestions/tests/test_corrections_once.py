"""One correction row per moderator decision, however many actions follow it."""

from __future__ import annotations

from otklik.cities.models import Category
from otklik.inbox import actions as inbox_actions
from otklik.incidents import actions as incident_actions
from otklik.suggestions.models import Correction, Suggestion
from otklik.testing.base import BaseTestCase


class CorrectionsOnceTests(BaseTestCase):
    def setUp(self) -> None:
        group = Category.objects.create(code="roads-group", name="Дороги")
        self.roads = Category.objects.create(code="roads", name="Ямы", parent=group)
        self.first, self.second = self.message("Яма"), self.message("Ещё яма")
        for message in (self.first, self.second):
            Suggestion.objects.create(
                message=message,
                category=self.category,
                department=self.dept_a,
                priority="normal",
                actionable=0.9,
            )

    def rows(self) -> list[tuple[int, str, str]]:
        return sorted(Correction.objects.values_list("message_id", "field", "chosen"))

    def test_each_decision_is_recorded_once(self) -> None:
        incident = incident_actions.create_incident(
            self.moderator, [self.first, self.second], category=self.roads, department=self.dept_b
        )
        decided = [
            (m.pk, field, chosen)
            for m in (self.first, self.second)
            for field, chosen in (("category", "roads"), ("department", "dept-b"))
        ]
        self.assertEqual(self.rows(), sorted(decided))
        # Picking an executor, a comment, a new title: no new decision on the labels.
        incident_actions.assign(self.moderator, incident, self.dept_b, self.executor_b)
        incident_actions.update_details(self.moderator, incident, "", title="Ямы на Ленина")
        self.assertEqual(self.rows(), sorted(decided))
        # A new priority is one new decision: one row per message, once.
        incident_actions.update_details(self.moderator, incident, "", priority="high")
        incident_actions.update_details(self.moderator, incident, "", title="Ямы на Мира")
        decided += [(m.pk, "priority", "high") for m in (self.first, self.second)]
        self.assertEqual(self.rows(), sorted(decided))

    def test_dismissing_again_is_not_a_new_example(self) -> None:
        inbox_actions.dismiss_messages(self.moderator, [self.first])
        inbox_actions.restore_messages(self.moderator, [self.first])
        self.first.refresh_from_db()
        inbox_actions.dismiss_messages(self.moderator, [self.first])
        self.assertEqual(self.rows(), [(self.first.pk, "actionable", "0")])
