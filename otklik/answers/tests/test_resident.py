"""The resident's side: the «solved?» question, the reply that reopens or rates, the table."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.test import override_settings
from django.utils import timezone

from otklik import periodic
from otklik.answers import actions
from otklik.answers.actions import resident
from otklik.answers.models import AnswerRating, Publication
from otklik.answers.tests.fakes import FakeAdapter
from otklik.answers.tests.helpers import GOOD_TEXT, AnswerTestCase
from otklik.inbox.models import Author, Message, Thread
from otklik.incidents.actions import change_status
from otklik.incidents.models import Event, Incident
from otklik.incidents.states import Resolution, Status
from otklik.notify.models import Notification
from otklik.sources.actions import process_pending, record_payload
from otklik.sources.channels import CHANNELS
from otklik.sources.localserver import LocalServer, Request
from otklik.sources.models import Source
from otklik.sources.telegram.tests.helpers import fixture as telegram_fixture
from otklik.sources.telegram.tests.helpers import make_source as telegram_source

FAKE = {"ok": "otklik.answers.tests.fakes.FakeAdapter"}


class JudgeTests(AnswerTestCase):
    def test_table(self) -> None:
        table = [
            ("Нет", False, None),
            ("нет, ничего не сделали", False, None),
            ("Не решено до сих пор", False, None),
            ("не сделали!", False, None),
            ("Да, спасибо!", True, None),
            ("Спасибо большое", True, None),
            ("решено", True, None),
            ("5", True, 5),
            ("оценка 2", False, 2),
            ("3", None, 3),
            ("Когда будет автобус?", "none", None),
        ]
        for text, solved, score in table:
            verdict = resident.judge(text)
            if solved == "none":
                self.assertIsNone(verdict, text)
                continue
            self.assertIsNotNone(verdict, text)
            self.assertEqual((verdict.solved, verdict.score), (solved, score), text)


@mock.patch.dict(CHANNELS, FAKE)
class ResidentFlowTests(AnswerTestCase):
    def setUp(self) -> None:
        FakeAdapter.reset()
        self.executor_a.email = "zhkh@seversk.example"
        self.executor_a.save(update_fields=["email"])
        self.ok = Source.objects.create(name="ok-city", kind=Source.Kind.OK)
        self.thread = Thread.objects.create(source=self.ok, external_id="topic-7")
        self.author = Author.objects.create(source=self.ok, external_id="u1", display_name="Оля")

    def published(self) -> Incident:
        report = self.message(
            source=self.ok, thread=self.thread, author=self.author, external_id="c-1"
        )
        incident = self.incident(report)
        answer = actions.draft_answer(self.executor_a, incident, text=GOOD_TEXT)
        actions.submit_for_approval(self.executor_a, answer)
        actions.approve(self.moderator, answer)
        actions.publish_pending()
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.PUBLISHED)
        return incident

    def reply(self, text: str, **fields: object) -> Message:
        defaults: dict[str, object] = {
            "source": self.ok,
            "thread": self.thread,
            "author": self.author,
            "created_at": timezone.now() + timedelta(minutes=5),
        }
        defaults.update(fields)
        return self.message(text, **defaults)

    def test_confirmation_asked_once_in_same_thread(self) -> None:
        self.published()
        confirmation = Publication.objects.get(kind=Publication.Kind.CONFIRMATION)
        self.assertGreater(confirmation.next_attempt_at, timezone.now())
        Publication.objects.update(next_attempt_at=timezone.now())
        self.assertEqual(actions.publish_pending(), 1)
        self.assertEqual(actions.publish_pending(), 0)
        self.assertEqual(FakeAdapter.sent[-1], ("topic-7", "c-1", resident.CONFIRMATION_TEXT))
        self.assertEqual(len(FakeAdapter.sent), 2)

    def test_no_confirmation_where_channel_cannot_reply(self) -> None:
        incident = self.incident(self.message())  # the import source has no adapter
        answer = actions.draft_answer(self.executor_a, incident, text=GOOD_TEXT)
        actions.submit_for_approval(self.executor_a, answer)
        actions.approve(self.moderator, answer)
        actions.publish_pending()
        self.assertFalse(Publication.objects.filter(kind=Publication.Kind.CONFIRMATION).exists())

    def test_no_reopens_with_reason(self) -> None:
        incident = self.published()
        message = self.reply("Нет, ничего не сделали")
        self.assertEqual(resident.scan_replies(), 1)
        self.assertEqual(resident.scan_replies(), 0)
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.REOPENED)
        event = incident.events.filter(kind=Event.Kind.STATUS_CHANGED).last()
        self.assertEqual((event.data["reason"], event.data["message"]), ("resident", message.pk))
        self.assertIn("не решена", event.comment)
        self.assertEqual(Message.objects.get(pk=message.pk).incident, incident)
        rating = AnswerRating.objects.get()
        self.assertEqual((rating.solved, rating.department), (False, self.dept_a))
        told = Notification.objects.get(kind=Notification.Kind.REOPENED)
        self.assertEqual(told.user, self.executor_a)
        self.assertIn("не решена", told.subject)

    def test_thanks_records_positive_rating_and_closes(self) -> None:
        incident = self.published()
        self.reply("Да, спасибо, сделали")
        resident.scan_replies()
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.CLOSED)
        self.assertEqual(incident.resolution, Resolution.RESOLVED)
        self.assertIsNotNone(incident.closed_at)
        rating = AnswerRating.objects.get()
        self.assertTrue(rating.solved)
        rating.message.refresh_from_db()
        self.assertEqual(rating.message.status, Message.Status.DISMISSED)  # out of the inbox
        reply = incident.events.get(kind=Event.Kind.RESIDENT_REPLY)
        self.assertEqual(reply.data["summary"], "проблема решена; инцидент закрыт как решённый")
        closed = incident.events.filter(kind=Event.Kind.STATUS_CHANGED).last()
        self.assertEqual((closed.data["before"], closed.data["after"]), ("published", "closed"))
        self.assertEqual(closed.actor.username, resident.RESIDENT_BOT)
        self.assertFalse(closed.actor.has_usable_password())

    def test_yes_says_why_the_incident_stays_open(self) -> None:
        incident = self.published()
        change_status(self.moderator, incident, Status.REOPENED, "Проверим ещё раз на месте")
        self.reply("5")
        self.assertEqual(resident.scan_replies(), 1)
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.REOPENED)
        self.assertEqual(AnswerRating.objects.get().score, 5)
        summary = incident.events.get(kind=Event.Kind.RESIDENT_REPLY).data["summary"]
        self.assertIn("инцидент не закрыт: он в статусе «Открыт повторно»", summary)

    def test_a_mark_of_three_neither_closes_nor_reopens(self) -> None:
        incident = self.published()
        self.reply("3")
        resident.scan_replies()
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.PUBLISHED)
        self.assertEqual(
            incident.events.get(kind=Event.Kind.RESIDENT_REPLY).data["summary"],
            "без вывода, оценка 3",
        )

    def test_one_resident_replies_count_as_one_review(self) -> None:
        incident = self.published()
        first = self.reply("Да, спасибо")
        later = [
            self.reply("нет, опять сломалось", created_at=timezone.now() + timedelta(hours=2)),
            self.reply("5", created_at=timezone.now() + timedelta(hours=3)),
        ]
        self.assertEqual(resident.scan_replies(), 1)
        self.assertEqual(resident.scan_replies(), 0)
        self.assertEqual(list(AnswerRating.objects.values_list("message", flat=True)), [first.pk])
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.CLOSED)  # the later «нет» did not reopen it
        for message in later:  # kept as messages, not reviews
            self.assertTrue(Message.objects.filter(pk=message.pk, rating__isnull=True).exists())

    def test_the_first_verdict_counts_even_when_given_before_the_question(self) -> None:
        incident = self.published()
        Publication.objects.filter(kind=Publication.Kind.CONFIRMATION).update(
            status=Publication.Status.SENT, sent_at=timezone.now() + timedelta(minutes=10)
        )
        first = self.reply("Спасибо, сделали")  # five minutes after the answer
        self.reply("нет", created_at=timezone.now() + timedelta(minutes=20))  # after the question
        self.assertEqual(resident.scan_replies(), 1)
        self.assertEqual(AnswerRating.objects.get().message, first)
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.CLOSED)

    @override_settings(CONFIRM_DELAY_MINUTES=15)
    def test_the_question_delay_is_a_setting_shown_on_the_card(self) -> None:
        incident = self.published()
        confirmation = Publication.objects.get(kind=Publication.Kind.CONFIRMATION)
        delay = confirmation.next_attempt_at - confirmation.created_at
        self.assertEqual(delay, timedelta(minutes=15))
        self.login(self.moderator)
        page = self.client.get(f"/incidents/{incident.pk}/")
        self.assertContains(page, "через 15\xa0минут после ответа")  # timeuntil binds with NBSP

    def test_a_second_answer_after_a_reopen_replies_to_the_no(self) -> None:
        incident = self.published()
        no = self.reply("Нет, батареи холодные")
        resident.scan_replies()
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.REOPENED)
        answer = actions.draft_answer(self.executor_a, incident, text=GOOD_TEXT)
        actions.submit_for_approval(self.executor_a, answer)
        actions.approve(self.moderator, answer)
        actions.publish_pending()
        self.assertEqual(FakeAdapter.sent[-1], ("topic-7", no.external_id, GOOD_TEXT))
        self.assertEqual(answer.publications.get(kind=Publication.Kind.ANSWER).message, no)

    def test_other_author_late_or_other_thread_ignored(self) -> None:
        incident = self.published()
        stranger = Author.objects.create(source=self.ok, external_id="u2")
        self.reply("нет", author=stranger)
        self.reply("нет", created_at=timezone.now() + timedelta(days=resident.REPLY_DAYS + 1))
        other = Thread.objects.create(source=self.ok, external_id="topic-8")
        self.reply("нет", thread=other)
        self.assertEqual(resident.scan_replies(), 0)
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.PUBLISHED)

    def test_worker_runs_the_scan(self) -> None:
        self.assertIn("otklik.answers.actions.resident.scan_replies", periodic.names())


class TelegramResidentTests(AnswerTestCase):
    """The loop in Telegram, through the parser, the real adapter against a local Bot API server
    and scan_replies: the resident answers the question by replying to it, as people do."""

    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__)
        self.server.route("sendMessage", self.send_message)
        self.tg = telegram_source(name="tg-city", base_url=self.server.url)
        for name in ("channel_post", "automatic_forward", "discussion_comment"):
            self.update(telegram_fixture(name))
        process_pending()
        self.comment = Message.objects.get(external_id="tg-1009876543210_5121")

    def update(self, body: dict[str, object]) -> None:
        record_payload(self.tg, str(body["update_id"]), body, event_type="message")

    def send_message(self, request: Request) -> dict[str, object]:
        """The Bot API's answer: our message in the discussion group, in the post's thread."""
        sent = telegram_fixture("send_message")
        sent["result"]["message_id"] = 5123 + len(self.server.calls("sendMessage")) - 1
        sent["result"]["text"] = request.data()["text"]
        return sent

    def published(self) -> Incident:
        incident = self.incident(self.comment)
        answer = actions.draft_answer(self.executor_a, incident, text=GOOD_TEXT)
        actions.submit_for_approval(self.executor_a, answer)
        actions.approve(self.moderator, answer)
        actions.publish_pending()
        Publication.objects.filter(kind=Publication.Kind.CONFIRMATION).update(
            next_attempt_at=timezone.now()
        )
        self.assertEqual(actions.publish_pending(), 1)  # the question, a reply to the comment
        question = self.server.calls("sendMessage")[1].data()
        self.assertEqual(question["reply_parameters"]["message_id"], 5121)
        self.assertEqual(question["text"], resident.CONFIRMATION_TEXT)
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.PUBLISHED)
        return incident

    def resident_replies(self, text: str) -> Message:
        """Мария replies to our question (message 5124) under the channel post."""
        body = telegram_fixture("discussion_reply_to_bot")
        body["message"]["text"] = text
        body["message"]["date"] = int((timezone.now() + timedelta(minutes=5)).timestamp())
        self.update(body)
        process_pending()
        return Message.objects.get(external_id="tg-1009876543210_5125")

    def test_no_in_reply_to_the_question_reopens(self) -> None:
        incident = self.published()
        reply = self.resident_replies("Нет, воды так и нет")
        self.assertEqual(reply.thread_id, self.comment.thread_id)  # the post's thread
        self.assertEqual(resident.scan_replies(), 1)
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.REOPENED)
        self.assertFalse(AnswerRating.objects.get(message=reply).solved)

    def test_a_mark_in_reply_to_the_question_rates(self) -> None:
        incident = self.published()
        reply = self.resident_replies("5")
        self.assertEqual(resident.scan_replies(), 1)
        rating = AnswerRating.objects.get(message=reply)
        self.assertEqual((rating.solved, rating.score, rating.incident), (True, 5, incident))


class RatingsPageTests(AnswerTestCase):
    def test_table_per_department_and_roles(self) -> None:
        incident = self.incident()
        for solved, score in [(True, 5), (False, None), (True, None)]:
            AnswerRating.objects.create(
                incident=incident,
                department=self.dept_a,
                solved=solved,
                score=score,
                message=self.message(),
            )
        rows = resident.rating_table()
        self.assertEqual(rows[0]["department"], self.dept_a.name)
        self.assertEqual((rows[0]["yes"], rows[0]["no"], rows[0]["share"]), (2, 1, 67))
        for persona in (self.moderator, self.analyst):
            self.login(persona)
            page = self.client.get("/incidents/ratings/")
            self.assertContains(page, self.dept_a.name)
            self.assertContains(page, "67%")
        self.login(self.executor_a)
        self.assertEqual(self.client.get("/incidents/ratings/").status_code, 403)
