"""Drafting, review and their roles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from otklik.answers import actions
from otklik.answers.models import Answer, AnswerTemplate, Publication
from otklik.answers.tests.helpers import GOOD_TEXT, AnswerTestCase
from otklik.inbox.models import Author, Thread
from otklik.incidents.models import Event
from otklik.incidents.states import Status
from otklik.sources.models import Source


class DraftTest(AnswerTestCase):
    def test_executor_of_another_department_cannot_draft(self) -> None:
        incident = self.incident()
        for user in (self.executor_b, self.analyst, self.outsider):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                actions.draft_answer(user, incident, text=GOOD_TEXT)
        self.assertFalse(Answer.objects.exists())

    def test_executor_drafts_and_an_event_is_recorded(self) -> None:
        incident = self.incident()
        answer = actions.draft_answer(self.executor_a, incident, text=GOOD_TEXT)
        self.assertEqual((answer.status, answer.author), (Answer.Status.DRAFT, self.executor_a))
        event = incident.events.get(kind=Event.Kind.COMMENTED)
        self.assertEqual(event.data, {"answer": answer.pk, "action": "drafted"})

    def test_template_fills_variables_and_hides_private_names(self) -> None:
        template = AnswerTemplate.objects.create(
            category=self.category,
            title="Отопление",
            body="{name}, по адресу {address} работает {department}. Срок — {deadline}. {x}",
        )
        incident = self.incident()  # an imported message: the name is not public
        Author.objects.create(source=self.source, external_id="a1", display_name="Иван Петров")
        text = actions.draft_answer(self.moderator, incident, template=template).text
        self.assertTrue(text.startswith("{name}, по адресу ул. Ленина, 5"))  # left for the author
        self.assertIn("Управление ЖКХ", text)
        self.assertIn("{x}", text)
        self.assertRegex(text, r"Срок — \d\d\.\d\d\.\d{4}")

        vk = Source.objects.create(name="vk", kind=Source.Kind.VK)
        author = Author.objects.create(source=vk, external_id="1", display_name="Мария")
        public = self.incident(self.message(source=vk, author=author))
        text = actions.draft_answer(self.moderator, public, template=template).text
        self.assertTrue(text.startswith("Мария, по адресу"))
        author.is_closed_profile = True
        author.save()
        text = actions.draft_answer(self.moderator, public, template=template).text
        self.assertTrue(text.startswith("{name}, по адресу"))

    def test_library_offers_approved_answers_of_the_same_category(self) -> None:
        past = self.answer(self.incident(), status=Answer.Status.PUBLISHED, text="Прошлый ответ")
        self.answer(self.incident(), status=Answer.Status.DRAFT, text="Черновик")
        incident = self.incident()
        self.assertEqual(actions.library_for(incident), [past])
        answer = actions.draft_answer(self.executor_a, incident, based_on=past)
        self.assertEqual(answer.text, "Прошлый ответ")

    def test_empty_draft_is_refused(self) -> None:
        with self.assertRaises(ValidationError):
            actions.draft_answer(self.executor_a, self.incident(), text="  ")


class ReviewTest(AnswerTestCase):
    def test_the_incident_follows_its_answer_drafted_then_on_approval(self) -> None:
        incident = self.incident()
        self.assertEqual(incident.status, Status.ASSIGNED)
        answer = actions.draft_answer(self.executor_a, incident, text=GOOD_TEXT)
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.ANSWER_DRAFTED)
        actions.submit_for_approval(self.executor_a, answer)
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.ON_APPROVAL)
        moves = incident.events.filter(kind=Event.Kind.STATUS_CHANGED)
        self.assertEqual(
            [e.data["after"] for e in moves],
            [Status.IN_WORK, Status.ANSWER_DRAFTED, Status.ON_APPROVAL],
        )

    def test_only_the_press_service_approves_or_returns(self) -> None:
        incident = self.incident()
        answer = actions.draft_answer(self.executor_a, incident, text=GOOD_TEXT)
        actions.submit_for_approval(self.executor_a, answer)
        for user in (self.executor_a, self.executor_b, self.analyst):
            with self.subTest(user=user.username):
                with self.assertRaises(PermissionDenied):
                    actions.approve(user, answer)
                with self.assertRaises(PermissionDenied):
                    actions.return_answer(user, answer, "Исправьте")
        actions.approve(self.moderator, answer)
        answer.refresh_from_db()
        self.assertEqual(
            (answer.status, answer.reviewed_by), (Answer.Status.APPROVED, self.moderator)
        )
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.ANSWER_APPROVED)

    def test_return_needs_a_comment_and_sends_the_incident_back_to_drafted(self) -> None:
        incident = self.incident()
        answer = actions.draft_answer(self.executor_a, incident, text=GOOD_TEXT)
        actions.submit_for_approval(self.executor_a, answer)
        with self.assertRaises(ValidationError):
            actions.return_answer(self.moderator, answer, " ")
        actions.return_answer(self.moderator, answer, "Назовите ответственного")
        answer.refresh_from_db()
        incident.refresh_from_db()
        self.assertEqual(answer.status, Answer.Status.RETURNED)
        self.assertEqual(answer.review_comment, "Назовите ответственного")
        self.assertEqual(incident.status, Status.ANSWER_DRAFTED)
        actions.edit_answer(self.executor_a, answer, GOOD_TEXT + " Уточнение.")
        actions.submit_for_approval(self.executor_a, answer)
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.ON_APPROVAL)

    def test_returning_tells_the_executors_once(self) -> None:
        from otklik.notify.models import Notification

        self.executor_a.email = "zhkh@seversk.example"
        self.executor_a.save(update_fields=["email"])
        incident = self.incident()
        answer = actions.draft_answer(self.executor_a, incident, text=GOOD_TEXT)
        actions.submit_for_approval(self.executor_a, answer)
        actions.return_answer(self.moderator, answer, "Назовите ответственного")
        sent = Notification.objects.filter(kind=Notification.Kind.RETURNED)
        self.assertEqual([n.user for n in sent], [self.executor_a])

    def test_one_publication_per_thread(self) -> None:
        thread = Thread.objects.create(source=self.source, external_id="post-1")
        other = Thread.objects.create(source=self.source, external_id="post-2")
        incident = self.incident(
            self.message(thread=thread),
            self.message(thread=thread),
            self.message(thread=other),
            self.message(),
        )
        answer = actions.draft_answer(self.moderator, incident, text=GOOD_TEXT)
        actions.submit_for_approval(self.moderator, answer)
        publications = actions.approve(self.moderator, answer)
        self.assertEqual(len(publications), 3)
        self.assertEqual(Publication.objects.filter(answer=answer).count(), 3)

    def test_intermediate_answer_does_not_move_the_incident(self) -> None:
        incident = self.incident()
        answer = actions.draft_answer(
            self.executor_a,
            incident,
            kind=Answer.Kind.INTERMEDIATE,
            text="Взято в работу, срок — 30.11, мастер Петров.",
        )
        actions.submit_for_approval(self.executor_a, answer)
        actions.approve(self.moderator, answer)
        self.assertEqual(actions.publish_pending(), 1)
        incident.refresh_from_db()
        answer.refresh_from_db()
        self.assertEqual(incident.status, Status.ASSIGNED)
        self.assertIsNotNone(incident.first_replied_at)
        self.assertEqual(answer.status, Answer.Status.PUBLISHED)
