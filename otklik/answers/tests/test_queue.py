"""The approval queue: «На согласовании» in the menu with a counter; the incident follows its
answer."""

from __future__ import annotations

from otklik.answers import actions
from otklik.answers.models import Publication
from otklik.answers.tests.helpers import GOOD_TEXT, AnswerTestCase
from otklik.incidents.models import Incident
from otklik.incidents.states import Status, can_transition
from otklik.sources.models import Source


class ApprovalQueueTest(AnswerTestCase):
    def waiting(self, text: str = GOOD_TEXT) -> Incident:
        incident = self.incident()
        answer = actions.draft_answer(self.executor_a, incident, text=text)
        actions.submit_for_approval(self.executor_a, answer)
        return incident

    def test_the_menu_counts_answers_waiting_and_the_queue_lists_them(self) -> None:
        first = self.waiting()
        self.waiting(text=GOOD_TEXT + " <script>alert(1)</script>")
        self.login(self.moderator)
        page = self.client.get("/incidents/").content.decode()
        self.assertIn('href="/answers/queue/"', page)
        self.assertIn('ответов ждут согласования">2</span>', page)
        queue = self.client.get("/answers/queue/").content.decode()
        self.assertIn(f'href="/incidents/{first.pk}/#answer"', queue)
        self.assertIn("&lt;script&gt;", queue)
        self.assertNotIn("<script>alert", queue)

    def test_the_counter_drops_after_approval(self) -> None:
        incident = self.waiting()
        actions.approve(self.moderator, incident.answers.get())
        self.login(self.moderator)
        page = self.client.get("/incidents/").content.decode()
        self.assertIn('href="/answers/queue/"', page)
        self.assertNotIn("ответов ждут согласования", page)

    def test_executors_have_no_queue(self) -> None:
        self.waiting()
        self.login(self.executor_a)
        self.assertNotIn('href="/answers/queue/"', self.client.get("/incidents/").content.decode())
        self.assertEqual(self.client.get("/answers/queue/").status_code, 403)

    def test_the_state_filter_finds_incidents_on_approval(self) -> None:
        waiting = self.waiting()
        other = self.incident()
        self.login(self.moderator)
        page = self.client.get("/incidents/?state=on_approval").content.decode()
        self.assertIn(f'href="/incidents/{waiting.pk}/"', page)
        self.assertNotIn(f'href="/incidents/{other.pk}/"', page)


class IncidentFollowsItsAnswerTest(AnswerTestCase):
    def setUp(self) -> None:
        self.ok = Source.objects.create(name="ok-x", kind=Source.Kind.OK)

    def approved(self) -> Incident:
        incident = self.incident(self.message(source=self.ok))
        answer = actions.draft_answer(self.executor_a, incident, text=GOOD_TEXT)
        actions.submit_for_approval(self.executor_a, answer)
        actions.approve(self.moderator, answer)
        return incident

    def test_a_refused_publication_marks_the_incident_and_retry_or_manual_moves_on(self) -> None:
        incident = self.approved()
        # The OK source has no keys: the adapter refuses at once (no network involved).
        self.assertEqual(actions.publish_pending(), 1)
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.PUBLISH_FAILED)
        publication = Publication.objects.get()
        actions.retry_publication(self.moderator, publication)
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.ANSWER_APPROVED)
        actions.publish_pending()
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.PUBLISH_FAILED)
        actions.mark_published(self.moderator, Publication.objects.get(), "https://ok.ru/x")
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.PUBLISHED)

    def test_the_transitions_allow_the_answer_path_only_in_order(self) -> None:
        path = [
            Status.IN_WORK,
            Status.ANSWER_DRAFTED,
            Status.ON_APPROVAL,
            Status.ANSWER_APPROVED,
            Status.PUBLISH_FAILED,
            Status.PUBLISHED,
        ]
        for before, after in zip(path, path[1:], strict=False):
            self.assertTrue(can_transition(before, after), (before, after))
        self.assertFalse(can_transition(Status.IN_WORK, Status.ON_APPROVAL))
        self.assertFalse(can_transition(Status.ON_APPROVAL, Status.PUBLISHED))
