"""The history says to whom an incident was assigned, once per assignment."""

from __future__ import annotations

from otklik.incidents.actions import create_incident
from otklik.incidents.models import Event
from otklik.testing.base import BaseTestCase


class AssignmentHistoryTest(BaseTestCase):
    """The history said «Назначен» twice without saying to whom."""

    def test_each_assignment_says_to_whom_once(self) -> None:
        from otklik.incidents.actions import assign

        self.executor_a.first_name, self.executor_a.last_name = "Игорь", "Петров"
        self.executor_a.save()
        incident = create_incident(self.moderator, [self.message()], category=self.category)
        assign(self.moderator, incident, self.dept_a, self.executor_a)
        with self.assertRaisesMessage(Exception, "Назначение не изменилось"):
            assign(self.moderator, incident, self.dept_a, self.executor_a)
        lines = [
            f"{e.get_kind_display()}: {e.summary}"
            for e in incident.events.filter(kind=Event.Kind.ASSIGNED).order_by("id")
        ]
        self.assertEqual(
            lines,
            [
                "Назначен: Управление ЖКХ",
                "Назначен: Управление ЖКХ, исполнитель Петров Игорь",
            ],
        )
        self.login(self.moderator)
        page = self.client.get(f"/incidents/{incident.pk}/").content.decode()
        self.assertIn("исполнитель Петров Игорь", page)

    def test_an_old_event_with_ids_only_names_them_too(self) -> None:
        incident = create_incident(self.moderator, [self.message()], category=self.category)
        event = Event.objects.create(
            incident=incident,
            kind=Event.Kind.ASSIGNED,
            data={"department": self.dept_b.pk, "assignee": self.executor_b.pk},
        )
        self.assertEqual(event.summary, "Управление дорог, исполнитель executor_b")
