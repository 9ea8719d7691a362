"""/api/webhooks/: administrators only; addresses checked; the secret shown once."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from otklik.api.tests.webhook_helpers import WebhookTestCase
from otklik.api.webhooks import actions
from otklik.api.webhooks.addresses import check_url
from otklik.api.webhooks.models import WebhookDelivery, WebhookSubscription
from otklik.testing.base import BaseTestCase

REFUSED = [
    "file:///etc/passwd",
    "ftp://example.org/hook",
    "gopher://example.org/",
    "javascript:alert(1)",
    "http://example.org/hook",  # plain http to the internet
    "https://localhost/hook",
    "https://api.localhost/hook",
    "https://127.0.0.1/hook",
    "https://10.1.2.3/hook",
    "https://192.168.0.10/hook",
    "https://172.16.5.5/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://0.0.0.0/hook",
    "https://intranet/hook",
    "https://user:password@example.org/hook",
    "https://",
    "https://example.org:99999/hook",
]


class AddressTests(BaseTestCase):
    def test_refused_addresses(self) -> None:
        for url in REFUSED:
            with self.subTest(url=url), self.assertRaises(ValidationError):
                check_url(url)

    def test_public_https_is_accepted(self) -> None:
        for url in ("https://example.org/hook", "https://hooks.example.ru:8443/a?b=1"):
            self.assertEqual(check_url(url), url)

    @override_settings(WEBHOOKS_ALLOW_PRIVATE=True)
    def test_internal_and_http_only_when_allowed(self) -> None:
        for url in ("http://127.0.0.1:8080/hook", "https://10.1.2.3/hook", "http://localhost/h"):
            self.assertEqual(check_url(url), url)
        for url in ("http://example.org/hook", "file:///etc/passwd"):
            with self.subTest(url=url), self.assertRaises(ValidationError):
                check_url(url)


class PageTests(WebhookTestCase):
    def test_administrators_only(self) -> None:
        subscription, _ = self.subscribe("http://127.0.0.1:9/hook")
        pages = [
            ("get", reverse("webhooks")),
            ("post", reverse("webhooks")),
            ("get", reverse("webhook-deliveries", args=[subscription.pk])),
            ("get", reverse("webhook-created", args=[subscription.pk])),
            ("post", reverse("webhook-deactivate", args=[subscription.pk])),
            ("post", reverse("webhook-test", args=[subscription.pk])),
        ]
        for user in (self.moderator, self.executor_a, self.analyst):
            self.login(user)
            for method, url in pages:
                with self.subTest(user=user.username, url=url, method=method):
                    self.assertEqual(getattr(self.client, method)(url).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(reverse("webhooks")).status_code, 302)
        with self.assertRaises(PermissionDenied):
            actions.create_subscription(self.moderator, "https://example.org/h", ["post.published"])
        self.assertTrue(WebhookSubscription.objects.get().active)

    def test_create_shows_the_secret_once_and_stores_it_encrypted(self) -> None:
        self.login(self.admin)
        page = self.client.get(reverse("webhooks"))
        self.assertContains(page, "Новая подписка")
        response = self.client.post(
            reverse("webhooks"),
            {
                "url": "https://example.org/otklik",
                "events": ["incident.created", "answer.published"],
            },
        )
        subscription = WebhookSubscription.objects.get()
        self.assertRedirects(
            response,
            reverse("webhook-created", args=[subscription.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual(subscription.events, ["incident.created", "answer.published"])
        secret = subscription.signing_key
        self.assertTrue(secret.startswith("whsec_"))
        first = self.client.get(reverse("webhook-created", args=[subscription.pk]))
        self.assertContains(first, secret)
        self.assertContains(first, "hmac.compare_digest")
        second = self.client.get(reverse("webhook-created", args=[subscription.pk]))
        self.assertNotContains(second, secret)
        self.assertContains(second, "только один раз")
        self.assertNotContains(self.client.get(reverse("webhooks")), secret)
        log = self.client.get(reverse("webhook-deliveries", args=[subscription.pk]))
        self.assertNotContains(log, secret)
        with connection.cursor() as cursor:
            cursor.execute("SELECT secret FROM api_webhooksubscription")
            (stored,) = cursor.fetchone()
        self.assertNotIn(secret, str(stored))
        self.assertIn("fernet", str(stored))

    def test_a_bad_address_is_refused_with_the_reason(self) -> None:
        self.login(self.admin)
        with override_settings(WEBHOOKS_ALLOW_PRIVATE=False):
            response = self.client.post(
                reverse("webhooks"), {"url": "https://10.0.0.1/h", "events": ["incident.created"]}
            )
        self.assertContains(response, "внутренней сети")
        response = self.client.post(reverse("webhooks"), {"url": "file:///etc/passwd"})
        self.assertContains(response, "https://")
        self.assertContains(response, "Выберите хотя бы одно событие")
        self.assertFalse(WebhookSubscription.objects.exists())

    def test_test_event_deactivate_and_retry(self) -> None:
        subscription, _ = self.subscribe("http://127.0.0.1:9/hook")
        self.login(self.admin)
        response = self.client.post(reverse("webhook-test", args=[subscription.pk]))
        self.assertRedirects(response, reverse("webhook-deliveries", args=[subscription.pk]))
        ping = WebhookDelivery.objects.get()
        self.assertEqual((ping.event, ping.state), ("ping", WebhookDelivery.State.PENDING))
        WebhookDelivery.objects.filter(pk=ping.pk).update(
            state=WebhookDelivery.State.FAILED, error="HTTP 500", attempts=6
        )
        log = self.client.get(reverse("webhook-deliveries", args=[subscription.pk]))
        self.assertContains(log, "Тестовое событие")
        self.assertContains(log, "Не доставлено")
        self.assertContains(log, "Повторить")
        self.client.post(reverse("webhook-retry", args=[ping.pk]))
        ping.refresh_from_db()
        self.assertEqual((ping.state, ping.attempts), (WebhookDelivery.State.PENDING, 0))
        self.client.post(reverse("webhook-deactivate", args=[subscription.pk]))
        subscription.refresh_from_db()
        ping.refresh_from_db()
        self.assertFalse(subscription.active)
        self.assertEqual(ping.state, WebhookDelivery.State.FAILED)
        self.assertEqual(ping.error, "Подписка отключена")
        listing = self.client.get(reverse("webhooks"))
        self.assertContains(listing, "отключена")
        self.assertNotContains(listing, "Отправить тестовое событие")
        with self.assertRaises(ValidationError):
            actions.send_test(self.admin, subscription)
