"""The worker polls sources with a poll interval when due, one worker per source."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.utils import timezone

from otklik.sources.actions import claim_due
from otklik.sources.channels import ChannelError
from otklik.sources.models import Source
from otklik.sources.polling import poll_sources
from otklik.testing.base import BaseTestCase


class PollingTests(BaseTestCase):
    def setUp(self) -> None:
        self.feed = Source.objects.create(name="news", kind=Source.Kind.FEED, poll_interval=300)

    def test_due_source_is_claimed_once(self) -> None:
        self.assertEqual(claim_due(10), [self.feed])
        self.assertEqual(claim_due(10), [])
        self.feed.refresh_from_db()
        self.assertGreater(self.feed.next_poll_at, timezone.now() + timedelta(seconds=250))

    def test_webhook_only_sources_are_not_polled(self) -> None:
        Source.objects.filter(pk=self.feed.pk).update(poll_interval=0)
        self.assertEqual(claim_due(10), [])

    def test_poll_failure_is_recorded_on_the_source(self) -> None:
        adapter = mock.Mock()
        adapter.poll.side_effect = ChannelError("feed answered 500")
        with mock.patch("otklik.sources.polling.adapter_for", return_value=adapter):
            self.assertEqual(poll_sources(), 0)
        self.feed.refresh_from_db()
        self.assertIn("500", self.feed.last_error)

    def test_poll_counts_new_payloads(self) -> None:
        adapter = mock.Mock()
        adapter.poll.return_value = 3
        with mock.patch("otklik.sources.polling.adapter_for", return_value=adapter):
            self.assertEqual(poll_sources(), 3)
