"""Bulk actions in the incident list: each incident's rights are checked."""

from __future__ import annotations

from otklik.incidents import actions
from otklik.incidents.models import Incident
from otklik.incidents.states import Resolution, Status
from otklik.testing.base import BaseTestCase


class BulkTests(BaseTestCase):
    def setUp(self) -> None:
        self.a1 = actions.create_incident(self.moderator, [self.message()], category=self.category)
        self.a2 = actions.create_incident(
            self.moderator, [self.message("Холодно")], category=self.category
        )
        self.b1 = actions.create_incident(
            self.moderator, [self.message("Яма")], department=self.dept_b
        )
        self.new = actions.create_incident(self.moderator, [self.message("Реклама")])

    def post(self, **data: object) -> None:
        self.client.post("/incidents/bulk/", data)

    def test_list_has_checkboxes(self) -> None:
        self.login(self.moderator)
        page = self.client.get("/incidents/")
        self.assertContains(page, 'name="incidents"', count=4)
        self.assertContains(page, "Закрыть как спам")

    def test_assign_to_department(self) -> None:
        self.login(self.moderator)
        self.post(incidents=[self.new.pk, self.a1.pk], action="assign", department=self.dept_b.pk)
        self.assertEqual(Incident.objects.get(pk=self.new.pk).department, self.dept_b)
        self.assertEqual(Incident.objects.get(pk=self.new.pk).status, Status.ASSIGNED)
        self.assertEqual(Incident.objects.get(pk=self.a1.pk).department, self.dept_b)

    def test_close_as_spam_respects_department(self) -> None:
        self.login(self.executor_a)
        self.post(incidents=[self.a1.pk, self.b1.pk], action="spam")
        a1, b1 = Incident.objects.get(pk=self.a1.pk), Incident.objects.get(pk=self.b1.pk)
        self.assertEqual((a1.status, a1.resolution), (Status.CLOSED, Resolution.SPAM))
        self.assertTrue(b1.is_open)

    def test_executor_cannot_reassign(self) -> None:
        self.login(self.executor_a)
        self.post(incidents=[self.a1.pk], action="assign", department=self.dept_b.pk)
        self.assertEqual(Incident.objects.get(pk=self.a1.pk).department, self.dept_a)

    def test_merge_into_earliest(self) -> None:
        self.login(self.moderator)
        self.post(incidents=[self.a2.pk, self.a1.pk], action="merge")
        a2 = Incident.objects.get(pk=self.a2.pk)
        self.assertEqual(a2.duplicate_of_id, self.a1.pk)
        self.assertEqual(Incident.objects.get(pk=self.a1.pk).messages.count(), 2)

    def test_executor_of_b_cannot_merge_a(self) -> None:
        self.login(self.executor_b)
        self.post(incidents=[self.a1.pk, self.a2.pk, self.b1.pk], action="merge")
        for incident in (self.a1, self.a2, self.b1):
            self.assertTrue(Incident.objects.get(pk=incident.pk).is_open)

    def test_analyst_changes_nothing(self) -> None:
        self.login(self.analyst)
        self.assertNotContains(self.client.get("/incidents/"), 'name="incidents"')
        self.post(incidents=[self.a1.pk], action="spam")
        self.assertTrue(Incident.objects.get(pk=self.a1.pk).is_open)
