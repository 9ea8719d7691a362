"""Claims are short renewable leases: a dead worker's payloads are taken over once its lease
runs out (not before), a live worker renews its batch, and /healthz counts the stuck ones."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.test import TestCase, override_settings
from django.utils import timezone

from otklik.inbox.models import Message
from otklik.sources.actions import (
    claim_payloads,
    get_or_create_source,
    process_payload,
    process_pending,
    record_payload,
)
from otklik.sources.models import InboundPayload, Source

ROW = {
    "text": "Не горят фонари во дворе на Ленина 5",
    "author": "Житель",
    "created_at": "2026-11-20T10:00:00+07:00",
}


def later(seconds: float) -> mock._patch:
    """Move the clock forward (never a sleep): timezone.now() returns now + seconds."""
    moved = timezone.now() + timedelta(seconds=seconds)
    return mock.patch("django.utils.timezone.now", return_value=moved)


@override_settings(CLAIM_LEASE_SECONDS=60)
class LeaseTest(TestCase):
    def setUp(self) -> None:
        self.source = get_or_create_source("import-test", Source.Kind.IMPORT)
        for n in range(3):
            record_payload(self.source, f"x{n}", body={**ROW, "external_id": f"x{n}"})

    def test_a_dead_workers_claim_is_taken_over_after_its_lease_not_before(self) -> None:
        dead = claim_payloads(worker="host:1:dead")  # claims all three, then is killed
        self.assertEqual(len(dead), 3)
        stored = InboundPayload.objects.get(external_id="x0")
        self.assertEqual(stored.claimed_by, "host:1:dead")
        self.assertEqual(stored.status, InboundPayload.Status.PROCESSING)
        with later(59):
            self.assertEqual(claim_payloads(worker="host:2:live"), [])  # the lease still holds
        with later(61):
            taken = claim_payloads(worker="host:2:live")
        self.assertEqual(len(taken), 3)
        self.assertEqual({p.claimed_by for p in taken}, {"host:2:live"})
        for payload in taken:
            process_payload(payload)
        self.assertEqual(Message.objects.count(), 3)

    def test_one_winner_when_two_workers_take_over_the_same_lease(self) -> None:
        claim_payloads(worker="host:1:dead")
        with later(61):
            first = claim_payloads(worker="host:2:a")
            second = claim_payloads(worker="host:3:b")
        self.assertEqual((len(first), len(second)), (3, 0))

    def test_the_late_worker_does_not_write_over_the_one_that_took_over(self) -> None:
        slow = claim_payloads(worker="host:1:slow")  # stopped (SIGSTOP) longer than a lease
        with later(61):
            taken = claim_payloads(worker="host:2:live")
        process_payload(slow[0])  # it wakes up: the payload is no longer its own
        self.assertFalse(Message.objects.exists())
        stored = InboundPayload.objects.get(pk=slow[0].pk)
        self.assertEqual((stored.status, stored.claimed_by), ("processing", "host:2:live"))
        process_payload(taken[0])
        self.assertEqual(Message.objects.count(), 1)

    def test_a_live_worker_renews_the_rest_of_its_batch(self) -> None:
        start = timezone.now()
        ticks = iter([start + timedelta(seconds=s) for s in (0, 0, 10, 25, 25, 25, 45, 45, 45)])
        last = [start]

        def clock() -> object:
            last[0] = next(ticks, last[0])
            return last[0]

        renewals = []
        from otklik.sources import actions

        real_renew = actions.renew_leases

        def spy(payloads: list[InboundPayload]) -> object:
            renewals.append([p.external_id for p in payloads])
            return real_renew(payloads)

        with (
            mock.patch("django.utils.timezone.now", side_effect=clock),
            mock.patch.object(actions, "renew_leases", side_effect=spy),
        ):
            self.assertEqual(process_pending(), 3)
        self.assertTrue(renewals)  # a third of the lease went by: the rest was renewed
        self.assertEqual(Message.objects.count(), 3)
        self.assertFalse(InboundPayload.objects.filter(lease_until__isnull=False).exists())


@override_settings(CLAIM_LEASE_SECONDS=60)
class HealthzTest(TestCase):
    def test_pending_processing_and_stuck_counts(self) -> None:
        source = get_or_create_source("import-test", Source.Kind.IMPORT)
        for n in range(4):
            record_payload(source, f"y{n}", body={**ROW, "external_id": f"y{n}"})
        claim_payloads(limit=2, worker="host:1:dead")
        data = self.client.get("/healthz").json()
        self.assertEqual(
            (data["pending_payloads"], data["processing_payloads"], data["stuck_payloads"]),
            (2, 2, 0),
        )
        with later(61):
            data = self.client.get("/healthz").json()
        self.assertEqual(
            (data["pending_payloads"], data["processing_payloads"], data["stuck_payloads"]),
            (2, 2, 2),
        )
