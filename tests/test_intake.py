"""Raw first: payloads are stored before processing; the worker claims each once."""

from __future__ import annotations

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from otklik.inbox.models import Message
from otklik.sources.actions import claim_payloads, process_pending, record_payload, retry_failed
from otklik.sources.models import InboundPayload
from otklik.testing.base import BaseTestCase

ROW = {
    "external_id": "x1",
    "text": "Не горит фонарь",
    "author": "Оля",
    "created_at": "2026-11-20T10:00:00+07:00",
}


class IntakeTests(BaseTestCase):
    def test_redelivery_stores_one_payload_and_one_message(self) -> None:
        for _ in range(3):
            record_payload(self.source, "x1", body=ROW)
        self.assertEqual(InboundPayload.objects.count(), 1)
        process_pending()
        process_pending()
        self.assertEqual(Message.objects.count(), 1)

    def test_claim_is_exclusive(self) -> None:
        record_payload(self.source, "x1", body=ROW)
        first = claim_payloads()
        second = claim_payloads()
        self.assertEqual(len(first), 1)
        self.assertEqual(second, [])

    def test_crashed_worker_claim_is_taken_again(self) -> None:
        payload, _ = record_payload(self.source, "x1", body=ROW)
        claim_payloads()
        InboundPayload.objects.filter(pk=payload.pk).update(
            lease_until=timezone.now() - timedelta(seconds=1)
        )
        self.assertEqual(process_pending(), 1)
        self.assertEqual(Message.objects.count(), 1)

    def test_bad_payload_is_kept_with_error_and_the_rest_continue(self) -> None:
        record_payload(self.source, "bad", body={"external_id": "bad", "text": ""})
        record_payload(self.source, "x1", body=ROW)
        process_pending()
        bad = InboundPayload.objects.get(external_id="bad")
        self.assertEqual(bad.status, InboundPayload.Status.FAILED)
        self.assertIn("не заполнены обязательные поля", bad.error)
        self.assertEqual(Message.objects.count(), 1)
        self.assertEqual(retry_failed(), 1)

    @override_settings(MAX_PAYLOAD_BYTES=100)
    def test_huge_payload_is_kept_as_failed(self) -> None:
        payload, created = record_payload(self.source, "huge", raw=b"x" * 1000)
        self.assertTrue(created)
        self.assertEqual(payload.status, InboundPayload.Status.FAILED)
        self.assertIn("too large", payload.error)


class PayloadAdminTests(BaseTestCase):
    def test_admin_retry_puts_only_the_chosen_failed_payloads_back(self) -> None:
        kept, _ = record_payload(self.source, "bad-1", body={"external_id": "bad-1", "text": ""})
        chosen, _ = record_payload(self.source, "bad-2", body={"external_id": "bad-2", "text": ""})
        process_pending()
        self.login(self.admin)
        self.client.post(
            "/admin/sources/inboundpayload/",
            {"action": "retry", "_selected_action": [chosen.pk]},
        )
        statuses = dict(InboundPayload.objects.values_list("external_id", "status"))
        self.assertEqual(statuses, {"bad-1": "failed", "bad-2": "pending"})
