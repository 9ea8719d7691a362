from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.core import mail
from django.test import override_settings

from otklik.incidents.models import Event
from otklik.notify import actions
from otklik.notify.actions import (
    MAX_ATTEMPTS,
    claim_notifications,
    deliver,
    notify,
    on_assigned,
    send_pending,
)
from otklik.notify.models import Notification, NotificationPreference
from otklik.notify.tests.helpers import NOW, NotifyTestCase

Kind = Notification.Kind


class NotifyTest(NotifyTestCase):
    def test_email_by_default(self) -> None:
        [note] = notify(self.executor_a, Kind.ASSIGNMENT, self.incident(), "k1", now=NOW)
        self.assertEqual((note.channel, note.address), ("email", "zhkh@seversk.example"))

    def test_the_same_key_is_queued_once(self) -> None:
        incident = self.incident()
        notify(self.executor_a, Kind.ASSIGNMENT, incident, "k1", now=NOW)
        self.assertEqual(notify(self.executor_a, Kind.ASSIGNMENT, incident, "k1", now=NOW), [])
        self.assertEqual(Notification.objects.count(), 1)

    def test_the_users_channel_choice_is_respected(self) -> None:
        NotificationPreference.objects.create(user=self.executor_a, channel="email", enabled=False)
        NotificationPreference.objects.create(
            user=self.executor_a, channel="telegram", address="123456"
        )
        NotificationPreference.objects.create(
            user=self.executor_a, channel="max", address="777", enabled=False
        )
        notes = notify(self.executor_a, Kind.ASSIGNMENT, self.incident(), "k1", now=NOW)
        self.assertEqual([(n.channel, n.address) for n in notes], [("telegram", "123456")])

    def test_a_user_without_channels_gets_nothing(self) -> None:
        self.assertEqual(notify(self.analyst, Kind.ASSIGNMENT, self.incident(), "k1"), [])

    def test_on_assigned_tells_the_assignee_once_per_assignment(self) -> None:
        incident = self.incident(assignee=self.executor_a)
        Event.objects.create(incident=incident, kind=Event.Kind.ASSIGNED)
        self.assertEqual(len(on_assigned(incident)), 1)
        self.assertEqual(on_assigned(incident), [])
        Event.objects.create(incident=incident, kind=Event.Kind.ASSIGNED)
        self.assertEqual(len(on_assigned(incident)), 1)
        self.assertIn("Вам назначен инцидент", Notification.objects.first().text)


class SendTest(NotifyTestCase):
    def test_email_transport_with_the_locmem_outbox(self) -> None:
        incident = self.incident()
        notify(self.executor_a, Kind.ASSIGNMENT, incident, "k1", now=NOW)
        self.assertEqual(send_pending(10, now=NOW), 1)
        [email] = mail.outbox
        self.assertEqual(email.to, ["zhkh@seversk.example"])
        self.assertEqual(email.subject, f"Вам назначен инцидент #{incident.pk}")
        self.assertIn(f"http://127.0.0.1:8000/incidents/{incident.pk}/", email.body)
        note = Notification.objects.get()
        self.assertEqual((note.status, note.sent_at, note.attempts), ("sent", NOW, 1))
        self.assertEqual(send_pending(10, now=NOW + timedelta(hours=1)), 0)
        self.assertEqual(len(mail.outbox), 1)

    def test_two_workers_claiming_the_same_notification_send_once(self) -> None:
        notify(self.executor_a, Kind.ASSIGNMENT, self.incident(), "k1", now=NOW)
        first = claim_notifications(10, now=NOW)
        second = claim_notifications(10, now=NOW)
        self.assertEqual((len(first), second), (1, []))
        for note in first + second:
            deliver(note, now=NOW)
        self.assertEqual(len(mail.outbox), 1)

    def test_a_crashed_workers_claim_is_taken_over(self) -> None:
        notify(self.executor_a, Kind.ASSIGNMENT, self.incident(), "k1", now=NOW)
        claim_notifications(10, now=NOW)  # the worker dies before sending
        self.assertEqual(claim_notifications(10, now=NOW + timedelta(minutes=5)), [])
        self.assertEqual(send_pending(10, now=NOW + timedelta(minutes=11)), 1)
        self.assertEqual(len(mail.outbox), 1)

    def test_a_failing_transport_is_retried_then_failed(self) -> None:
        NotificationPreference.objects.create(user=self.executor_a, channel="email", enabled=False)
        NotificationPreference.objects.create(
            user=self.executor_a, channel="telegram", address="123456"
        )
        notify(self.executor_a, Kind.ASSIGNMENT, self.incident(), "k1", now=NOW)
        moment = NOW
        with override_settings(NOTIFY_TELEGRAM_TOKEN=""):
            for attempt in range(1, MAX_ATTEMPTS + 1):
                self.assertEqual(send_pending(10, now=moment), 1)
                note = Notification.objects.get()
                self.assertEqual(note.attempts, attempt)
                if attempt < MAX_ATTEMPTS:
                    self.assertEqual(note.status, "pending")
                    delay = actions.RETRY_DELAY * 2 ** (attempt - 1)
                    self.assertEqual(note.next_attempt_at, moment + delay)
                    self.assertEqual(send_pending(10, now=moment + delay / 2), 0)  # backoff
                    moment += delay
            self.assertEqual(send_pending(10, now=moment + timedelta(days=1)), 0)
        self.assertEqual(note.status, "failed")
        self.assertIn("OTKLIK_NOTIFY_TELEGRAM_TOKEN не задан", note.error)

    def test_a_transport_error_then_success(self) -> None:
        notify(self.executor_a, Kind.ASSIGNMENT, self.incident(), "k1", now=NOW)
        calls: list[int] = []

        def flaky(notification: Notification) -> None:
            calls.append(notification.pk)
            if len(calls) == 1:
                raise OSError("connection refused")

        with mock.patch.object(actions, "transport_for", return_value=flaky):
            send_pending(10, now=NOW)
            self.assertIn("connection refused", Notification.objects.get().error)
            send_pending(10, now=NOW + timedelta(minutes=1))
        note = Notification.objects.get()
        self.assertEqual((note.status, note.attempts, note.error, len(calls)), ("sent", 2, "", 2))
