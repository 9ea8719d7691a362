"""Publication: message → incident → answer → replies, once each, with retries."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.utils import timezone

from otklik.answers import actions
from otklik.answers.models import Answer, Publication
from otklik.answers.tests.fakes import FakeAdapter
from otklik.answers.tests.helpers import GOOD_TEXT, AnswerTestCase
from otklik.inbox.models import Thread
from otklik.incidents.models import Incident
from otklik.incidents.states import Status
from otklik.sources.channels import CHANNELS
from otklik.sources.localserver import LocalServer
from otklik.sources.models import Source
from otklik.sources.telegram.tests.helpers import fixture, make_source

FAKE = {"ok": "otklik.answers.tests.fakes.FakeAdapter"}


class PublishTestCase(AnswerTestCase):
    def approved(self, incident: Incident) -> Answer:
        answer = actions.draft_answer(self.executor_a, incident, text=GOOD_TEXT)
        actions.submit_for_approval(self.executor_a, answer)
        actions.approve(self.moderator, answer)
        return answer

    def status(self, incident: Incident) -> str:
        incident.refresh_from_db()
        return incident.status


class TelegramScenarioTest(PublishTestCase):
    def test_message_to_published_reply_posted_once(self) -> None:
        with LocalServer() as server:
            server.reply("sendMessage", body=fixture("send_message"))
            source = make_source(base_url=server.url)
            thread = Thread.objects.create(source=source, external_id="post-1001234567890_310")
            incident = self.incident(
                self.message(source=source, thread=thread, external_id="tg-1009876543210_5121")
            )
            self.approved(incident)
            self.assertEqual(self.status(incident), Status.ANSWER_APPROVED)

            self.assertEqual(actions.publish_pending(), 1)
            self.assertEqual(actions.publish_pending(), 0)

            calls = server.calls("sendMessage")
            self.assertEqual(len(calls), 1)
            sent = calls[0].data()
            self.assertEqual(sent["text"], GOOD_TEXT)
            self.assertEqual(sent["reply_parameters"]["message_id"], 5121)
        publication = Publication.objects.get(kind=Publication.Kind.ANSWER)
        self.assertEqual(publication.status, Publication.Status.SENT)
        self.assertEqual(publication.external_id, "tg-1009876543210_5123")
        confirmation = Publication.objects.get(kind=Publication.Kind.CONFIRMATION)
        self.assertEqual(confirmation.status, Publication.Status.PENDING)
        self.assertEqual(publication.attempts, 1)
        self.assertEqual(self.status(incident), Status.PUBLISHED)
        self.assertIsNotNone(incident.first_replied_at)


@mock.patch.dict(CHANNELS, FAKE)
class RetryTest(PublishTestCase):
    def setUp(self) -> None:
        self.ok = Source.objects.create(name="ok-city", kind=Source.Kind.OK)
        self.thread = Thread.objects.create(source=self.ok, external_id="topic-7")

    def two_channel_incident(self) -> Incident:
        return self.incident(
            self.message(source=self.ok, thread=self.thread, external_id="c-1"), self.message()
        )

    def test_local_source_is_marked_sent_with_a_note(self) -> None:
        FakeAdapter.reset()
        incident = self.two_channel_incident()
        self.approved(incident)
        self.assertEqual(actions.publish_pending(), 2)
        local = Publication.objects.get(source=self.source)
        self.assertEqual(local.status, Publication.Status.SENT)
        self.assertIn("локально", local.note)
        self.assertEqual(FakeAdapter.sent, [("topic-7", "c-1", GOOD_TEXT)])
        self.assertEqual(self.status(incident), Status.PUBLISHED)

    def test_failure_waits_for_backoff_then_succeeds(self) -> None:
        FakeAdapter.reset(failures=1)
        incident = self.two_channel_incident()
        self.approved(incident)
        actions.publish_pending()
        failed = Publication.objects.get(source=self.ok)
        self.assertEqual(failed.status, Publication.Status.PENDING)
        self.assertIn("503", failed.error)
        self.assertGreater(failed.next_attempt_at, timezone.now())
        self.assertEqual(actions.publish_pending(), 0)  # not due yet
        self.assertEqual(self.status(incident), Status.ANSWER_APPROVED)

        Publication.objects.filter(pk=failed.pk).update(next_attempt_at=timezone.now())
        self.assertEqual(actions.publish_pending(), 1)
        failed.refresh_from_db()
        self.assertEqual((failed.status, failed.attempts), (Publication.Status.SENT, 2))
        self.assertEqual(len(FakeAdapter.sent), 1)
        self.assertEqual(self.status(incident), Status.PUBLISHED)

    def test_gives_up_after_max_attempts_and_press_service_retries(self) -> None:
        FakeAdapter.reset(failures=actions.MAX_ATTEMPTS)
        incident = self.incident(self.message(source=self.ok, external_id="c-9"))
        self.approved(incident)
        for _ in range(actions.MAX_ATTEMPTS):
            Publication.objects.update(next_attempt_at=timezone.now())
            actions.publish_pending()
        publication = Publication.objects.get()
        self.assertEqual(publication.status, Publication.Status.FAILED)
        self.assertTrue(incident.events.filter(data__action="failed").exists())
        with self.assertRaises(actions.PermissionDenied):
            actions.retry_publication(self.executor_a, publication)
        actions.retry_publication(self.moderator, publication)
        self.assertEqual(actions.publish_pending(), 1)
        publication.refresh_from_db()
        self.assertEqual(publication.status, Publication.Status.SENT)
        self.assertEqual(self.status(incident), Status.PUBLISHED)

    def test_one_claim_wins_and_a_stale_claim_is_never_resent(self) -> None:
        FakeAdapter.reset()
        incident = self.incident(self.message(source=self.ok, external_id="c-3"))
        self.approved(incident)
        publication = Publication.objects.get()
        self.assertTrue(actions._claim(publication.pk))
        self.assertFalse(actions._claim(publication.pk))
        Publication.objects.update(claimed_at=timezone.now() - timedelta(hours=1))
        self.assertEqual(actions.publish_pending(), 0)
        publication.refresh_from_db()
        self.assertEqual(publication.status, Publication.Status.FAILED)
        self.assertEqual(FakeAdapter.sent, [])
