"""Merge and split: reports move, duplicates close with a link, Events on both sides, roles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from otklik.inbox.models import Message
from otklik.incidents import actions
from otklik.incidents.models import Event, Incident
from otklik.incidents.states import Resolution, Status
from otklik.testing.base import BaseTestCase


class MergeSplitTests(BaseTestCase):
    def make(self, text: str = "Нет отопления в доме", **fields: object) -> Incident:
        return actions.create_incident(
            self.moderator, [self.message(text)], category=self.category, **fields
        )

    def test_merge_moves_messages_and_closes_duplicates(self) -> None:
        target, other, third = self.make(), self.make("Холодно в квартире"), self.make("Батареи")
        actions.merge_incidents(self.moderator, target, [other, third], "один дом")
        target.refresh_from_db()
        self.assertEqual(target.messages.count(), 3)
        self.assertEqual(target.resonance, 3)
        for dup in (other, third):
            dup.refresh_from_db()
            self.assertEqual(dup.status, Status.CLOSED)
            self.assertEqual(dup.resolution, Resolution.DUPLICATE)
            self.assertEqual(dup.duplicate_of, target)
            self.assertFalse(dup.messages.exists())
            merged = dup.events.get(kind=Event.Kind.MERGED)
            self.assertEqual(merged.data["into"], target.pk)
            self.assertEqual(len(merged.data["messages"]), 1)
            self.assertIn(f"#{target.pk}", merged.summary)
        event = target.events.get(kind=Event.Kind.MERGED)
        self.assertEqual(event.data["merged"], [other.pk, third.pk])
        self.assertEqual(event.comment, "один дом")
        self.assertEqual(actions.repeated_reports(target), 2)

    def test_merge_refuses_closed_and_self(self) -> None:
        target, other = self.make(), self.make("Холодно")
        with self.assertRaises(ValidationError):
            actions.merge_incidents(self.moderator, target, [target])
        actions.change_status(self.moderator, other, Status.CLOSED, resolution=Resolution.SPAM)
        with self.assertRaises(ValidationError):
            actions.merge_incidents(self.moderator, target, [other])

    def test_only_press_service_merges_and_splits(self) -> None:
        a1, a2 = self.make(), self.make("Холодно")
        for persona in (self.executor_a, self.executor_b, self.analyst):
            with self.assertRaises(PermissionDenied):
                actions.merge_incidents(persona, a1, [a2])
            with self.assertRaises(PermissionDenied):
                actions.split_incident(persona, a1, list(a1.messages.all()))
        self.assertTrue(Incident.objects.get(pk=a2.pk).is_open)

    def test_split_makes_new_incident(self) -> None:
        m1, m2, m3 = self.message(), self.message("Яма на дороге"), self.message("Ещё яма")
        incident = actions.create_incident(self.moderator, [m1, m2, m3], category=self.category)
        new = actions.split_incident(
            self.moderator, incident, [m2, m3], title="Ямы", department=self.dept_b, comment="иное"
        )
        self.assertEqual(new.title, "Ямы")
        self.assertEqual(new.department, self.dept_b)
        self.assertEqual(set(new.messages.all()), {m2, m3})
        self.assertEqual(list(incident.messages.all()), [m1])
        incident.refresh_from_db()
        self.assertEqual(incident.resonance, 1)
        self.assertEqual(incident.events.get(kind=Event.Kind.SPLIT).data["new"], new.pk)
        self.assertEqual(new.events.get(kind=Event.Kind.SPLIT).data["from"], incident.pk)

    def test_split_keeps_one_and_only_own(self) -> None:
        incident = self.make()
        stranger = self.message("Чужое")
        with self.assertRaises(ValidationError):
            actions.split_incident(self.moderator, incident, list(incident.messages.all()))
        with self.assertRaises(ValidationError):
            actions.split_incident(self.moderator, incident, [stranger])


class MergeSplitViewTests(BaseTestCase):
    def test_card_buttons_merge_and_split(self) -> None:
        m1, m2 = self.message(), self.message("Яма")
        target = actions.create_incident(self.moderator, [m1, m2], category=self.category)
        other = actions.create_incident(self.moderator, [self.message("Холодно")])
        self.login(self.moderator)
        page = self.client.get(f"/incidents/{target.pk}/")
        self.assertContains(page, "Объединить")
        self.assertContains(page, "Разделить")
        self.assertContains(page, "повторных обращений: 1")
        self.client.post(f"/incidents/{target.pk}/merge/", {"others": f"#{other.pk}"})
        other.refresh_from_db()
        self.assertEqual(other.duplicate_of, target)
        page = self.client.get(f"/incidents/{other.pk}/")
        self.assertContains(page, f'Дубликат инцидента <a href="/incidents/{target.pk}/">')
        response = self.client.post(
            f"/incidents/{target.pk}/split/", {"messages": [m2.pk], "title": "Яма"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Message.objects.get(pk=m2.pk).incident.title, "Яма")

    def test_executor_and_analyst_cannot_merge(self) -> None:
        a1 = actions.create_incident(self.moderator, [self.message()], category=self.category)
        a2 = actions.create_incident(self.moderator, [self.message("x")], category=self.category)
        for persona in (self.executor_a, self.executor_b, self.analyst):
            self.login(persona)
            page = self.client.get(f"/incidents/{a1.pk}/")
            if persona != self.executor_b:  # B's executor does not even see A's incident
                self.assertNotContains(page, "Объединить:")
            response = self.client.post(f"/incidents/{a1.pk}/merge/", {"others": str(a2.pk)})
            self.assertIn(response.status_code, {403, 404})
        a2.refresh_from_db()
        self.assertTrue(a2.is_open)

    def test_card_returns_ticked_reports_to_the_inbox(self) -> None:
        m1, m2 = self.message(), self.message("Реклама окон")
        incident = actions.create_incident(self.moderator, [m1, m2], category=self.category)
        self.login(self.moderator)
        self.assertContains(self.client.get(f"/incidents/{incident.pk}/"), "во входящие")
        response = self.client.post(f"/incidents/{incident.pk}/detach/", {"messages": [m2.pk]})
        self.assertEqual(response.status_code, 302)
        m2.refresh_from_db()
        self.assertEqual((m2.incident, m2.status), (None, Message.Status.NEW))
        self.login(self.executor_a)
        response = self.client.post(f"/incidents/{incident.pk}/detach/", {"messages": [m1.pk]})
        self.assertEqual(response.status_code, 403)
