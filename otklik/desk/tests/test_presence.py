"""«Сейчас это открыто: …»: the card's heartbeat, who else is here, expiry."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from otklik.desk import actions
from otklik.desk.models import Presence
from otklik.desk.presence import others_here, short_name
from otklik.incidents import actions as incident_actions
from otklik.testing.base import BaseTestCase


class PresenceTests(BaseTestCase):
    def setUp(self) -> None:
        self.moderator.last_name, self.moderator.first_name = "Иванова", "Ирина"
        self.moderator.save()
        self.admin.last_name, self.admin.first_name = "Петров", "Олег"
        self.admin.save()
        self.card = self.message("Яма во дворе")

    def beat(self, **extra: str) -> dict:
        data = {"kind": "message", "id": str(self.card.pk), **extra}
        return self.client.post("/live/presence/", data).json()

    def test_two_moderators_on_one_card_see_each_other(self) -> None:
        self.login(self.moderator)
        self.assertEqual(self.beat(), {"others": [], "text": ""})
        self.login(self.admin)
        self.assertEqual(self.beat()["text"], "Сейчас это открыто: Иванова И.")
        self.login(self.moderator)
        self.assertEqual(self.beat()["others"], ["Петров О."])

    def test_a_silent_heartbeat_expires_after_a_minute(self) -> None:
        actions.touch_presence(self.moderator, "message", self.card.pk)
        Presence.objects.update(last_seen=timezone.now() - timedelta(seconds=61))
        self.assertEqual(others_here(self.admin, "message", self.card.pk), [])
        Presence.objects.update(last_seen=timezone.now() - timedelta(minutes=11))
        self.assertEqual(actions.expire_presence(100), 1)
        self.assertFalse(Presence.objects.exists())

    def test_leaving_removes_the_row_and_beating_again_keeps_one(self) -> None:
        self.login(self.moderator)
        self.beat()
        self.beat()
        self.assertEqual(Presence.objects.count(), 1)
        self.beat(leave="1")
        self.assertFalse(Presence.objects.exists())

    def test_an_executor_cannot_announce_himself_on_another_departments_card(self) -> None:
        incident = incident_actions.create_incident(
            self.moderator, [self.card], title="Яма", department=self.dept_b
        )
        self.login(self.executor_a)
        data = {"kind": "incident", "id": str(incident.pk)}
        self.assertEqual(self.client.post("/live/presence/", data).status_code, 404)
        self.login(self.executor_b)
        self.assertEqual(self.client.post("/live/presence/", data).status_code, 200)
        self.assertFalse(Presence.objects.filter(user=self.executor_a).exists())

    def test_short_names(self) -> None:
        self.assertEqual(short_name(self.moderator), "Иванова И.")
        self.assertEqual(short_name(self.analyst), "analyst")

    def test_the_cards_carry_the_presence_line(self) -> None:
        self.login(self.moderator)
        page = self.client.get(f"/messages/{self.card.pk}/").content.decode()
        self.assertIn('data-presence-kind="message"', page)
