"""The meeting's public page /vstrechi/<id>/: no login, CSRF, bounded sizes, a rate limit,
escaping, and the web form's intake (the raw payload first, then an inbox message)."""

from __future__ import annotations

from unittest import mock

from django.core.cache import cache
from django.test import Client

from otklik.inbox.models import Message
from otklik.meetings import actions
from otklik.meetings.actions.linking import link_questions
from otklik.meetings.models import Meeting, Question
from otklik.meetings.tests.helpers import MeetingsTestCase
from otklik.sources.actions import process_pending
from otklik.sources.models import InboundPayload, Source

XSS = "<script>alert(1)</script>"
QUESTION = "Когда отремонтируют дорогу на улице Ленина у школы?"


class AskPageTestCase(MeetingsTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.announced = self.meeting(place=XSS)
        actions.announce(self.moderator, self.announced)
        self.url = f"/vstrechi/{self.announced.pk}/"

    def ask(self, client: Client | None = None, **data: str) -> object:
        return (client or self.client).post(self.url, {"text": QUESTION, **data})


class AskPageTests(AskPageTestCase):
    def test_anyone_sees_an_announced_meeting_escaped(self) -> None:
        page = self.client.get(self.url)
        self.assertEqual(page.status_code, 200)
        html = page.content.decode()
        self.assertIn(self.territory.name, html)
        self.assertIn(self.announced.hashtag, html)
        self.assertIn("Отправить вопрос", html)
        self.assertNotIn(XSS, html)
        self.assertIn("&lt;script&gt;", html)

    def test_a_planned_meeting_is_not_public(self) -> None:
        planned = self.meeting()
        self.assertEqual(self.client.get(f"/vstrechi/{planned.pk}/").status_code, 404)
        self.assertEqual(self.client.get("/vstrechi/99999/").status_code, 404)

    def test_a_question_goes_through_the_form_intake(self) -> None:
        response = self.ask(name="Иван", contact="ivan@example.test", consent="on")
        self.assertRedirects(response, f"/vstrechi/{self.announced.pk}/spasibo/")
        payload = InboundPayload.objects.get()
        self.assertEqual(payload.source.name, "web-form")
        self.assertEqual(payload.source.kind, Source.Kind.FORM)
        self.assertEqual(payload.status, InboundPayload.Status.DONE)
        self.assertEqual(payload.body["meeting"], self.announced.pk)
        self.assertEqual(payload.body["text"], QUESTION)
        message = Message.objects.get(payload=payload)
        self.assertEqual(message.kind, Message.Kind.FORM)
        self.assertEqual(message.contact, "ivan@example.test")
        question = Question.objects.get()
        self.assertEqual(
            (question.meeting, question.message, question.asked, question.asker_name),
            (self.announced, message, Question.Asked.ADVANCE, "Иван"),
        )
        self.assertContains(self.client.get(response.url), "вопрос принят")
        self.assertEqual(link_questions(), 1)  # read, and not asked twice
        self.assertEqual(Question.objects.count(), 1)

    def test_the_raw_payload_is_kept_first(self) -> None:
        """Processing fails: the payload is stored, and the worker makes the question later."""
        with mock.patch(
            "otklik.meetings.actions.asking.process_payload", side_effect=RuntimeError("сбой")
        ):
            with self.assertRaises(RuntimeError):
                self.ask()
        payload = InboundPayload.objects.get()
        self.assertEqual(payload.body["text"], QUESTION)
        self.assertFalse(Question.objects.exists())
        InboundPayload.objects.filter(pk=payload.pk).update(status="pending", claimed_by="")
        process_pending()
        link_questions()
        question = Question.objects.get()
        self.assertEqual(question.message.payload_id, payload.pk)
        self.assertEqual(question.meeting, self.announced)

    def test_csrf_is_checked(self) -> None:
        strict = Client(enforce_csrf_checks=True)
        self.assertEqual(self.ask(strict).status_code, 403)
        self.assertFalse(InboundPayload.objects.exists())
        strict.get(self.url)
        token = strict.cookies["csrftoken"].value
        response = self.ask(strict, csrfmiddlewaretoken=token)
        self.assertEqual(response.status_code, 302)

    def test_sizes_are_bounded(self) -> None:
        self.assertEqual(self.ask(text="x" * 3001).status_code, 400)
        self.assertEqual(self.ask(text="коротко").status_code, 400)
        self.assertEqual(self.ask(name="и" * 101).status_code, 400)
        big = self.ask(text="я" * 40_000)
        self.assertEqual(big.status_code, 413)
        self.assertFalse(InboundPayload.objects.exists())

    def test_a_contact_needs_consent(self) -> None:
        response = self.ask(contact="+7 900 000-00-00")
        self.assertContains(response, "согласие", status_code=400)
        self.assertFalse(InboundPayload.objects.exists())

    def test_rate_limited_per_address(self) -> None:
        with self.settings(FORM_RATE_LIMIT_PER_HOUR=2):
            self.assertEqual(self.ask().status_code, 302)
            self.assertEqual(self.ask().status_code, 302)
            response = self.ask()
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "слишком много", status_code=429)
        self.assertEqual(InboundPayload.objects.count(), 2)

    def test_the_bot_trap_keeps_nothing(self) -> None:
        self.assertEqual(self.ask(website="http://spam.test").status_code, 302)
        self.assertFalse(InboundPayload.objects.exists())

    def test_a_held_meeting_takes_no_more_questions(self) -> None:
        actions.mark_held(self.moderator, self.announced)
        page = self.client.get(self.url)
        self.assertContains(page, "Встреча состоялась")
        self.assertNotContains(page, "Отправить вопрос")
        self.assertEqual(self.ask().status_code, 400)
        self.assertFalse(InboundPayload.objects.exists())

    def test_the_staff_card_shows_the_question_escaped(self) -> None:
        self.ask(text=f"{XSS} почему нет света во дворе?")
        self.login(self.moderator)
        page = self.client.get(f"/meetings/{self.announced.pk}/").content.decode()
        self.assertNotIn(XSS, page)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt; почему нет света", page)
        self.assertIn(f"/vstrechi/{self.announced.pk}/", page)
        self.assertEqual(Meeting.objects.get().state, Meeting.State.ANNOUNCED)
