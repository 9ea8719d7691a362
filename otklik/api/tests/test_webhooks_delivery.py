"""Sending: signed POSTs to a local receiver, retries with backoff, one sender, final failure."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta
from unittest import mock

from django.test import override_settings
from django.utils import timezone

from otklik.api.tests.webhook_helpers import WebhookTestCase
from otklik.api.webhooks import actions, delivery
from otklik.api.webhooks.delivery import BACKOFF, MAX_ATTEMPTS, deliver_webhooks
from otklik.api.webhooks.models import WebhookDelivery
from otklik.api.webhooks.signing import verify
from otklik.incidents.actions import change_status
from otklik.incidents.states import Status
from otklik.sources.localserver import LocalServer

State = WebhookDelivery.State


class DeliveryTestCase(WebhookTestCase):
    def queued(self, url: str) -> tuple[WebhookDelivery, str]:
        _, secret = self.subscribe(url)
        change_status(self.moderator, self.new_incident(), Status.IN_WORK)
        return WebhookDelivery.objects.get(), secret

    def due_now(self, row: WebhookDelivery) -> None:
        WebhookDelivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())

    def assert_waits(self, row: WebhookDelivery, delay: timedelta) -> None:
        row.refresh_from_db()
        self.assertEqual(row.state, State.PENDING)
        left = row.next_attempt_at - timezone.now()
        self.assertTrue(delay - timedelta(seconds=30) < left <= delay, left)


class SendTests(DeliveryTestCase):
    def test_signed_body_verifies_on_the_raw_bytes(self) -> None:
        with LocalServer() as server:
            server.reply("hook", status=204, body=b"")
            row, secret = self.queued(server.url + "hook")
            self.assertEqual(deliver_webhooks(10), 1)
            self.assertEqual(deliver_webhooks(10), 0)
            (request,) = server.calls("hook")
        header = request.headers["X-Otklik-Signature"]
        expected = "sha256=" + hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
        self.assertTrue(hmac.compare_digest(expected, header))
        self.assertTrue(verify(secret, request.body, header))
        self.assertFalse(verify(secret + "x", request.body, header))
        self.assertFalse(verify(secret, request.body + b" ", header))
        self.assertEqual(request.headers["X-Otklik-Event"], "incident.status_changed")
        self.assertEqual(request.headers["X-Otklik-Delivery"], str(row.pk))
        stamp = int(request.headers["X-Otklik-Timestamp"])
        self.assertLess(abs(stamp - timezone.now().timestamp()), 60)
        document = json.loads(request.body)
        self.assertEqual(set(document), {"id", "event", "created_at", "data"})
        self.assertEqual(document["id"], row.pk)
        self.assertEqual(document["data"]["after"], "in_work")
        row.refresh_from_db()
        self.assertEqual((row.state, row.attempts, row.response_status), (State.DELIVERED, 1, 204))
        self.assertIsNotNone(row.delivered_at)
        self.assertEqual(row.attempt_log.count(), 1)

    def test_500_is_retried_with_backoff_then_delivered(self) -> None:
        with LocalServer() as server:
            server.reply("hook", status=500, body=b"\xd1\x83\xd0\xbf\xd0\xb0\xd0\xbb\xd0\xb8")
            server.reply("hook", status=502, body="bad gateway")
            server.reply("hook", status=200, body={"ok": True})
            row, _ = self.queued(server.url + "hook")
            deliver_webhooks(10)
            self.assert_waits(row, BACKOFF[0])
            self.assertEqual(row.response_status, 500)
            self.assertIn("упали", row.response_excerpt)
            self.assertEqual(deliver_webhooks(10), 0)  # not due yet
            self.due_now(row)
            deliver_webhooks(10)
            self.assert_waits(row, BACKOFF[1])
            self.due_now(row)
            deliver_webhooks(10)
            self.assertEqual(len(server.calls("hook")), 3)
        row.refresh_from_db()
        self.assertEqual((row.state, row.attempts), (State.DELIVERED, 3))
        log = list(row.attempt_log.values_list("number", "response_status"))
        self.assertEqual(log, [(1, 500), (2, 502), (3, 200)])

    def test_a_timeout_is_retried(self) -> None:
        with LocalServer() as server, mock.patch.object(delivery, "TIMEOUT", 0.3):
            server.reply("hook", status=200, body={}, delay=1.5)
            row, _ = self.queued(server.url + "hook")
            deliver_webhooks(10)
        self.assert_waits(row, BACKOFF[0])
        self.assertIsNone(row.response_status)
        self.assertIn("timed out", row.error)
        self.assertIn("timed out", row.attempt_log.get().error)

    def test_a_refused_connection_is_retried(self) -> None:
        with LocalServer() as server:
            url = server.url + "hook"
        row, _ = self.queued(url)  # the server is gone: nothing listens there
        deliver_webhooks(10)
        self.assert_waits(row, BACKOFF[0])
        self.assertIn("Connection", row.error)

    def test_fails_after_the_last_attempt_and_an_admin_retries(self) -> None:
        with LocalServer() as server:
            server.reply("hook", status=500, body={})
            row, _ = self.queued(server.url + "hook")
            for attempt in range(1, MAX_ATTEMPTS + 1):
                self.due_now(row)
                self.assertEqual(deliver_webhooks(10), 1)
                row.refresh_from_db()
                if attempt < MAX_ATTEMPTS:
                    self.assert_waits(row, BACKOFF[attempt - 1])
            self.assertEqual((row.state, row.attempts), (State.FAILED, MAX_ATTEMPTS))
            self.due_now(row)
            self.assertEqual(deliver_webhooks(10), 0)
            self.assertEqual(len(server.calls("hook")), MAX_ATTEMPTS)
            actions.retry_delivery(self.admin, row)
            self.assertEqual((row.state, row.attempts), (State.PENDING, 0))
            server.reply("hook", status=200, body={})
            server.replies["hook"] = server.replies["hook"][-1:]
            deliver_webhooks(10)
        row.refresh_from_db()
        self.assertEqual(row.state, State.DELIVERED)
        self.assertEqual(row.attempt_log.count(), MAX_ATTEMPTS + 1)

    def test_redirects_are_not_followed(self) -> None:
        with LocalServer() as server:
            server.reply(
                "hook", status=302, body={}, headers={"Location": "http://169.254.169.254/x"}
            )
            row, _ = self.queued(server.url + "hook")
            deliver_webhooks(10)
            self.assertEqual(len(server.requests), 1)
        self.assert_waits(row, BACKOFF[0])
        self.assertIn("перенаправления не выполняются", row.error)

    def test_the_answer_read_is_bounded(self) -> None:
        with LocalServer() as server:
            server.reply("hook", status=200, body="я" * 500_000)
            row, _ = self.queued(server.url + "hook")
            deliver_webhooks(10)
        row.refresh_from_db()
        self.assertEqual(row.state, State.DELIVERED)
        self.assertLessEqual(len(row.response_excerpt), delivery.EXCERPT)

    def test_an_internal_address_is_refused_at_sending_when_not_allowed(self) -> None:
        row, _ = self.queued("http://127.0.0.1:9/hook")
        with override_settings(WEBHOOKS_ALLOW_PRIVATE=False):
            deliver_webhooks(10)
        row.refresh_from_db()
        self.assertEqual(row.state, State.FAILED)
        self.assertIn("внутреннюю сеть", row.error)


class ClaimTests(DeliveryTestCase):
    def test_two_workers_one_sends(self) -> None:
        with LocalServer() as server:
            server.reply("hook", status=200, body={})
            row, _ = self.queued(server.url + "hook")
            now = timezone.now()
            seen_a = delivery.due(10, now)
            seen_b = delivery.due(10, now)
            self.assertEqual(seen_a, seen_b)
            self.assertTrue(delivery.claim(*seen_a[0], "worker-a", now))
            self.assertFalse(delivery.claim(*seen_b[0], "worker-b", now))
            # A worker's pass finds nothing: the row is held under worker-a's lease.
            self.assertEqual(deliver_webhooks(10), 0)
            row.refresh_from_db()
            self.assertEqual(delivery.send(row, "worker-a"), State.DELIVERED)
            self.assertEqual(deliver_webhooks(10), 0)
            self.assertEqual(len(server.calls("hook")), 1)

    def test_a_dead_workers_lease_is_taken_over(self) -> None:
        with LocalServer() as server:
            server.reply("hook", status=200, body={})
            row, _ = self.queued(server.url + "hook")
            now = timezone.now()
            self.assertTrue(delivery.claim(*delivery.due(10, now)[0], "dead", now))
            row.refresh_from_db()
            self.assertEqual(row.state, State.SENDING)
            later = row.lease_until + timedelta(seconds=1)
            with mock.patch("django.utils.timezone.now", return_value=later):
                self.assertEqual(deliver_webhooks(10), 1)
            row.refresh_from_db()
            self.assertEqual((row.state, row.attempts), (State.DELIVERED, 2))
            # The dead worker wakes up: its record no longer counts.
            self.assertEqual(delivery.record(row, "dead", delivery.Outcome(status=500)), "")
            row.refresh_from_db()
            self.assertEqual(row.state, State.DELIVERED)
            self.assertEqual(len(server.calls("hook")), 1)

    def test_registered_as_a_notify_stage_task(self) -> None:
        from otklik import periodic

        task = next(t for t in periodic.tasks() if t.func is deliver_webhooks)
        self.assertEqual(task.stage, periodic.NOTIFY)
