"""/metrics: Prometheus' text format, only for allowed addresses or the token."""

from __future__ import annotations

from datetime import timedelta

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from otklik.ops import latency
from otklik.sources.models import InboundPayload
from otklik.testing.base import BaseTestCase

TOKEN = "s3cret-metrics-token"


class MetricsTest(BaseTestCase):
    def setUp(self) -> None:
        latency.reset()

    def test_local_address_sees_metrics(self) -> None:
        InboundPayload.objects.create(
            source=self.source, external_id="p1", received_at=timezone.now() - timedelta(minutes=5)
        )
        self.client.get(reverse("healthz"))
        response = self.client.get(reverse("metrics"), REMOTE_ADDR="127.0.0.1")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/plain; version=0.0.4"))
        text = response.content.decode()
        self.assertIn('otklik_queue_depth{queue="inbound_pending"} 1', text)
        self.assertIn('otklik_queue_depth{queue="answer_publications"} 0', text)
        self.assertIn('otklik_queue_depth{queue="notifications"} 0', text)
        lag = next(x for x in text.splitlines() if x.startswith("otklik_intake_lag_seconds "))
        self.assertGreater(float(lag.split()[1]), 250)
        self.assertIn('otklik_publications{kind="answer",state="failed"} 0', text)
        self.assertIn("otklik_retention_last_run_timestamp_seconds 0", text)
        self.assertIn('view="healthz",le="+Inf"} 1', text)
        self.assertIn("# TYPE otklik_request_duration_seconds histogram", text)

    def test_other_addresses_refused(self) -> None:
        response = self.client.get(reverse("metrics"), REMOTE_ADDR="203.0.113.7")
        self.assertEqual(response.status_code, 403)

    def test_forwarded_by_an_untrusted_proxy_refused(self) -> None:
        response = self.client.get(
            reverse("metrics"), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"
        )
        self.assertEqual(response.status_code, 403)

    @override_settings(METRICS_TOKEN=TOKEN)
    def test_token(self) -> None:
        url = reverse("metrics")
        ok = self.client.get(url, REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        self.assertEqual(ok.status_code, 200)
        bad = self.client.get(url, REMOTE_ADDR="127.0.0.1", HTTP_AUTHORIZATION="Bearer wrong")
        self.assertEqual(bad.status_code, 403)
