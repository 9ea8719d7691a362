"""«Мои уведомления»: channels, addresses and kinds per user; notify honours them."""

from __future__ import annotations

from otklik.notify.actions import channels_for, notify
from otklik.notify.models import Channel, Notification, NotificationPreference
from otklik.notify.tests.helpers import NotifyTestCase


class PreferencesTests(NotifyTestCase):
    def form(self, **data: object) -> dict[str, object]:
        fields: dict[str, object] = {
            "email_enabled": "on",
            "email_kinds": ["assignment", "returned"],
            "telegram_enabled": "on",
            "telegram_address": "123456789",
            "telegram_kinds": ["assignment", "overdue"],
            "max_address": "",
        }
        fields.update(data)
        return fields

    def test_page_saves_channels_and_kinds(self) -> None:
        self.login(self.executor_a)
        self.assertContains(self.client.get("/notifications/"), "Мои уведомления")
        response = self.client.post("/notifications/", self.form())
        self.assertEqual(response.status_code, 302)
        telegram = NotificationPreference.objects.get(user=self.executor_a, channel="telegram")
        self.assertEqual(telegram.address, "123456789")
        self.assertIn(Notification.Kind.RETURNED, telegram.muted_kinds)
        self.assertEqual(
            channels_for(self.executor_a, Notification.Kind.ASSIGNMENT),
            [(Channel.EMAIL, "zhkh@seversk.example"), (Channel.TELEGRAM, "123456789")],
        )
        self.assertEqual(
            channels_for(self.executor_a, Notification.Kind.RETURNED),
            [(Channel.EMAIL, "zhkh@seversk.example")],
        )
        self.assertEqual(channels_for(self.executor_a, Notification.Kind.DEADLINE_WARNING), [])

    def test_muted_kind_is_not_queued(self) -> None:
        self.login(self.executor_a)
        self.client.post("/notifications/", self.form(email_enabled=""))
        incident = self.incident()
        self.assertEqual(len(notify(self.executor_a, "returned", incident, "k1")), 0)
        self.assertEqual(len(notify(self.executor_a, "assignment", incident, "k2")), 1)

    def test_invalid_chat_id_and_email_rejected(self) -> None:
        self.login(self.executor_a)
        page = self.client.post(
            "/notifications/", self.form(telegram_address="@me", email_address="nope")
        )
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "числовой идентификатор")
        self.assertContains(page, "Неверный e-mail")
        self.assertFalse(NotificationPreference.objects.exists())

    def test_each_user_edits_only_own(self) -> None:
        self.login(self.analyst)
        self.client.post("/notifications/", self.form(email_address="a@seversk.example"))
        self.assertEqual(
            set(NotificationPreference.objects.values_list("user", flat=True)), {self.analyst.pk}
        )

    def test_anonymous_is_sent_to_login(self) -> None:
        self.assertEqual(self.client.get("/notifications/").status_code, 302)
