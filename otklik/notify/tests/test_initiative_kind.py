"""The initiative notice is a kind of its own: listed on «Мои уведомления» and mutable there."""

from __future__ import annotations

from otklik.notify.actions import channels_for
from otklik.notify.models import Notification
from otklik.notify.tests.helpers import NotifyTestCase


class InitiativeKindTests(NotifyTestCase):
    def test_the_kind_and_its_russian_name(self) -> None:
        self.assertEqual(Notification.Kind.INITIATIVE, "initiative")
        self.assertEqual(Notification.Kind.INITIATIVE.label, "Новая инициатива жителей")

    def test_preferences_page_lists_it_and_it_can_be_muted(self) -> None:
        self.login(self.executor_a)
        page = self.client.get("/notifications/")
        self.assertContains(page, "Новая инициатива жителей")
        self.assertContains(page, 'value="initiative"')
        kinds = [k for k in Notification.Kind.values if k != Notification.Kind.INITIATIVE]
        self.client.post("/notifications/", {"email_enabled": "on", "email_kinds": kinds})
        self.assertEqual(channels_for(self.executor_a, Notification.Kind.INITIATIVE), [])
