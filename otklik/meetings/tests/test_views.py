"""The staff pages: who sees them, the forms, escaping, and a constant number of queries."""

from __future__ import annotations

import tempfile

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otklik.answers.models import Answer
from otklik.meetings import actions
from otklik.meetings.models import Instruction, InstructionEvent, Meeting, Question
from otklik.meetings.tests.helpers import NOW, MeetingsTestCase, png

XSS = "<script>alert(1)</script>"


class AccessTests(MeetingsTestCase):
    def test_meeting_pages_are_the_press_services(self) -> None:
        meeting = self.meeting()
        pages = ["/meetings/", "/meetings/new/", f"/meetings/{meeting.pk}/"]
        self.login(self.moderator)
        for url in pages:
            self.assertEqual(self.client.get(url).status_code, 200, url)
        for user in (self.executor_a, self.outsider):
            self.login(user)
            for url in pages:
                self.assertEqual(self.client.get(url).status_code, 403, (user.username, url))
        self.login(self.analyst)
        self.assertEqual(self.client.get("/meetings/new/").status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get("/meetings/").status_code, 302)

    def test_instruction_pages_by_department(self) -> None:
        instruction = self.instruction()
        card = f"/meetings/instructions/{instruction.pk}/"
        self.login(self.executor_a)
        self.assertEqual(self.client.get("/meetings/instructions/").status_code, 200)
        self.assertContains(self.client.get(card), instruction.number)
        self.login(self.executor_b)
        self.assertNotContains(self.client.get("/meetings/instructions/"), instruction.number)
        self.assertEqual(self.client.get(card).status_code, 403)
        self.assertEqual(self.client.post(card + "take/").status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.get("/meetings/instructions/").status_code, 403)
        self.assertEqual(self.client.get(card).status_code, 403)


class FormTests(MeetingsTestCase):
    def test_new_meeting_question_answer_and_instruction(self) -> None:
        self.login(self.moderator)
        response = self.client.post(
            "/meetings/new/",
            {"territory": self.territory.pk, "starts_at": "2026-12-10T18:30", "place": XSS},
        )
        meeting = Meeting.objects.get()
        self.assertRedirects(response, f"/meetings/{meeting.pk}/")
        self.assertEqual(meeting.starts_at.isoformat(), "2026-12-10T11:30:00+00:00")
        url = f"/meetings/{meeting.pk}/"
        self.client.post(
            url + "questions/", {"text": XSS, "asked": "advance", "asker_name": "Петров"}
        )
        question = Question.objects.get()
        self.client.post(url + f"questions/{question.pk}/answer/", {"answer": "Сделаем"})
        question.refresh_from_db()
        self.assertEqual(question.state, Question.State.ANSWERED)
        second = actions.add_question(self.moderator, meeting, text="Про свет")
        self.client.post(
            url + "instruct/",
            {"question": second.pk, "text": "Починить фонари", "department": self.dept_a.pk,
             "working_days": 5},
        )  # fmt: skip
        instruction = Instruction.objects.get()
        self.assertEqual(instruction.question, second)
        page = self.client.get(url).content.decode()
        self.assertNotIn(XSS, page)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", page)
        self.assertIn(instruction.number, page)
        self.assertIn("Дать поручение", page)

    def test_instruction_form_needs_one_deadline(self) -> None:
        meeting = self.meeting()
        self.login(self.moderator)
        response = self.client.post(
            f"/meetings/{meeting.pk}/instruct/",
            {"text": "Сделать", "department": self.dept_a.pk},
            follow=True,
        )
        self.assertContains(response, "Укажите срок")
        self.assertFalse(Instruction.objects.exists())

    def test_announce_and_held_buttons(self) -> None:
        meeting = self.meeting()
        self.login(self.moderator)
        self.client.post(f"/meetings/{meeting.pk}/announce/")
        self.client.post(f"/meetings/{meeting.pk}/held/")
        meeting.refresh_from_db()
        self.assertEqual(meeting.state, Meeting.State.HELD)
        self.assertIsNotNone(meeting.announcement_id)

    def test_executor_works_the_card(self) -> None:
        instruction = self.instruction(text=XSS)
        incident = self.incident()
        card = f"/meetings/instructions/{instruction.pk}/"
        self.login(self.executor_a)
        self.client.post(card + "take/")
        with self.settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="otklik-meetings-")):
            self.client.post(card + "progress/", {"text": "Начали", "photo": png()})
            event = instruction.events.get(kind=InstructionEvent.Kind.PROGRESS)
            photo = self.client.get(card + f"photos/{event.pk}/")
            self.assertEqual(photo["Content-Type"], "image/jpeg")
            self.login(self.executor_b)
            self.assertEqual(self.client.get(card + f"photos/{event.pk}/").status_code, 403)
        self.login(self.executor_a)
        self.client.post(card + "link/", {"incident": f"#{incident.pk}"})
        response = self.client.post(
            card + "extend/", {"reason": "x", "working_days": 9}, follow=True
        )
        self.assertContains(response, "Встречи и поручения ведёт пресс-служба")
        self.client.post(card + "complete/", {"result": "Готово"})
        instruction.refresh_from_db()
        self.assertEqual(instruction.state, Instruction.State.DONE)
        self.assertEqual(Answer.objects.get(incident=incident).status, Answer.Status.SUBMITTED)
        page = self.client.get(card).content.decode()
        self.assertNotIn(XSS, page)
        self.assertIn("Фото к отчёту", page)

    def test_press_service_extends_and_cancels(self) -> None:
        instruction = self.instruction()
        card = f"/meetings/instructions/{instruction.pk}/"
        self.login(self.moderator)
        response = self.client.post(
            card + "extend/", {"reason": "", "working_days": 20}, follow=True
        )
        self.assertContains(response, "Причина продления")
        self.client.post(card + "extend/", {"reason": "Морозы", "working_days": 20})
        self.client.post(card + "cancel/", {"reason": "Не нужно"})
        instruction.refresh_from_db()
        self.assertEqual(instruction.state, Instruction.State.CANCELLED)
        kinds = list(instruction.events.values_list("kind", flat=True))
        self.assertEqual(kinds, ["issued", "extended", "cancelled"])
        self.assertContains(self.client.get(card), "Морозы")

    def test_filters(self) -> None:
        meeting = self.meeting()
        self.instruction(meeting, text="Первое")
        self.instruction(department=self.dept_b, text="Второе")
        self.login(self.moderator)
        url = reverse("instruction-list")
        self.assertContains(self.client.get(url, {"meeting": meeting.pk}), "Первое")
        self.assertNotContains(self.client.get(url, {"meeting": meeting.pk}), "Второе")
        self.assertNotContains(self.client.get(url, {"department": self.dept_a.pk}), "Второе")
        self.assertNotContains(self.client.get(url, {"overdue": "on"}), "Первое")
        listing = self.client.get(reverse("meeting-list"), {"territory": self.territory.pk})
        self.assertContains(listing, "ДК «Русь»")


class QueryCountTests(MeetingsTestCase):
    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def grow(self, n: int) -> None:
        for _ in range(n):
            meeting = self.meeting(starts_at=NOW)
            question = actions.add_question(self.moderator, meeting, text="Вопрос")
            self.instruction(meeting, question=question, responsible=self.executor_a)

    def test_lists_and_cards_stay_constant(self) -> None:
        self.login(self.moderator)
        self.grow(2)
        meeting = Meeting.objects.first()
        assert meeting is not None
        urls = ["/meetings/", "/meetings/instructions/", f"/meetings/{meeting.pk}/"]
        before = {url: self.count(url) for url in urls}
        self.grow(4)
        for _ in range(3):
            question = actions.add_question(self.moderator, meeting, text="Ещё")
            self.instruction(meeting, question=question)
        after = {url: self.count(url) for url in urls}
        self.assertEqual(before, after)
