"""The demo's webhook receiver gets the demo subscription's deliveries, signed."""

from __future__ import annotations

import urllib.request

from django.test import override_settings

from otklik.api.webhooks.delivery import deliver_webhooks
from otklik.api.webhooks.models import WebhookDelivery, WebhookSubscription
from otklik.demo.webhooks import HOOK_PATH, Receiver, subscribe, subscribe_or_say
from otklik.testing.base import BaseTestCase


class DemoWebhookTest(BaseTestCase):
    @override_settings(WEBHOOKS_ALLOW_PRIVATE=True)
    def test_the_test_event_reaches_the_receiver_signed(self) -> None:
        with Receiver() as receiver:
            subscription = subscribe(receiver)
            self.assertEqual(subscription.url, receiver.hook_url)
            self.assertTrue(subscription.url.endswith(HOOK_PATH))
            self.assertEqual(deliver_webhooks(), 1)
            delivery = WebhookDelivery.objects.get(subscription=subscription)
            self.assertEqual(delivery.state, WebhookDelivery.State.DELIVERED)
            [got] = receiver.received
            self.assertEqual(
                (got.event, got.delivery, got.signed), ("ping", str(delivery.pk), True)
            )
            with urllib.request.urlopen(receiver.url) as page:
                text = page.read().decode()
            self.assertIn("Тестовое событие", text)
            self.assertIn("верна", text)

    @override_settings(WEBHOOKS_ALLOW_PRIVATE=True)
    def test_a_new_run_replaces_the_previous_subscription(self) -> None:
        with Receiver() as first:
            old = subscribe(first)
        with Receiver() as second:
            new = subscribe(second)
        old.refresh_from_db()
        self.assertFalse(old.active)
        self.assertEqual(list(WebhookSubscription.objects.filter(active=True)), [new])
        failed = WebhookDelivery.objects.get(subscription=old)
        self.assertEqual(failed.state, WebhookDelivery.State.FAILED)

    def test_without_private_addresses_the_demo_says_so(self) -> None:
        lines: list[str] = []
        with Receiver() as receiver:
            subscribe_or_say(receiver, lines.append)
        self.assertEqual(len(lines), 1)
        self.assertTrue(lines[0].startswith("Вебхук демо не подключён: "))
        self.assertIn("OTKLIK_WEBHOOKS_ALLOW_PRIVATE", lines[0])
        self.assertFalse(WebhookSubscription.objects.exists())
