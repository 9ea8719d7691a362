"""Triage claims: several workers triage different messages; a dead worker's claim runs out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from unittest import mock

from django.utils import timezone

from otklik.inbox import actions as inbox_actions
from otklik.inbox.models import Message
from otklik.suggestions.actions import claim_pending, triage_pending
from otklik.suggestions.models import Suggestion, TriageClaim
from otklik.testing.base import BaseTestCase
from otklik.triage.pipeline import Pipeline

START = datetime(2026, 11, 20, 5, 0, tzinfo=UTC)


class ClaimTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.messages = [
            self.message(f"Нет отопления в доме {n}", created_at=START + timedelta(minutes=n))
            for n in range(5)
        ]

    def ids(self, messages: list[Message]) -> list[int]:
        return [m.pk for m in messages]

    def run_out(self, worker: str) -> None:
        """The worker died: its leases lie in the past."""
        TriageClaim.objects.filter(claimed_by=worker).update(
            lease_until=timezone.now() - timedelta(seconds=1)
        )

    def test_two_claims_in_a_row_take_different_messages(self) -> None:
        first = claim_pending(3, "a")
        second = claim_pending(3, "b")
        self.assertEqual(self.ids(first), self.ids(self.messages[:3]))  # the oldest first
        self.assertEqual(self.ids(second), self.ids(self.messages[3:]))
        self.assertEqual(claim_pending(3, "c"), [])
        holders = dict(TriageClaim.objects.values_list("message_id", "claimed_by"))
        self.assertEqual(set(holders.values()), {"a", "b"})
        self.assertEqual(len(holders), 5)

    def test_the_same_worker_twice_takes_different_messages(self) -> None:
        first = claim_pending(2, "a")
        second = claim_pending(2, "a")
        self.assertFalse(set(self.ids(first)) & set(self.ids(second)))
        self.assertEqual(len(second), 2)

    def test_a_live_claim_is_not_taken_over(self) -> None:
        claim_pending(5, "a")
        self.assertEqual(claim_pending(5, "b"), [])
        self.assertFalse(TriageClaim.objects.filter(claimed_by="b").exists())

    def test_an_expired_claim_is_taken_over(self) -> None:
        claim_pending(2, "a")
        self.run_out("a")
        taken = claim_pending(5, "b")
        self.assertEqual(self.ids(taken), self.ids(self.messages))
        self.assertEqual(set(TriageClaim.objects.values_list("claimed_by", flat=True)), {"b"})
        for claim in TriageClaim.objects.all():
            self.assertGreater(claim.lease_until, timezone.now())

    def test_a_suggested_or_handled_message_is_never_claimed(self) -> None:
        Suggestion.objects.create(message=self.messages[0])
        inbox_actions.dismiss_messages(self.moderator, [self.messages[1]])
        taken = claim_pending(10, "a")
        self.assertEqual(self.ids(taken), self.ids(self.messages[2:]))
        self.assertFalse(TriageClaim.objects.filter(message__in=self.messages[:2]).exists())

    def test_triage_leaves_rows_another_worker_holds(self) -> None:
        held = claim_pending(2, "other")
        self.assertEqual(triage_pending(), 3)
        suggested = set(Suggestion.objects.values_list("message_id", flat=True))
        self.assertEqual(suggested, set(self.ids(self.messages[2:])))
        # the other worker's claims stay; this worker's are released once stored
        self.assertEqual(
            set(TriageClaim.objects.values_list("message_id", "claimed_by")),
            {(m.pk, "other") for m in held},
        )
        self.assertEqual(triage_pending(), 0)
        self.run_out("other")  # it died: the next run takes its messages
        self.assertEqual(triage_pending(), 2)
        self.assertEqual(Suggestion.objects.count(), 5)
        self.assertFalse(TriageClaim.objects.exists())

    def test_a_lease_lost_mid_batch_is_left_to_the_new_holder(self) -> None:
        original = Pipeline.process_batch
        stolen = self.messages[0].pk

        def slow(pipeline: Pipeline, items: Any) -> Any:
            results = list(original(pipeline, items))
            # meanwhile the lease ran out and another worker took the oldest message over
            TriageClaim.objects.filter(message_id=stolen).update(claimed_by="thief")
            return results

        with mock.patch.object(Pipeline, "process_batch", slow):
            self.assertEqual(triage_pending(), 4)
        self.assertFalse(Suggestion.objects.filter(message_id=stolen).exists())
        self.assertEqual(
            list(TriageClaim.objects.values_list("message_id", "claimed_by")), [(stolen, "thief")]
        )
