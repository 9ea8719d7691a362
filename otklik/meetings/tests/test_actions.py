"""Meetings and instructions through their actions: rights, states, history, numbers."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from otklik.meetings import actions
from otklik.meetings.models import Instruction, InstructionEvent, Meeting, Question
from otklik.meetings.permissions import scope_instructions
from otklik.meetings.tests.helpers import NOW, MeetingsTestCase, at, png
from otklik.plan.models import Post
from otklik.sources.models import Source

Kind = InstructionEvent.Kind


class MeetingActionTests(MeetingsTestCase):
    def test_only_the_press_service_creates_meetings(self) -> None:
        for user in (self.executor_a, self.analyst, self.outsider):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                actions.create_meeting(user, territory=self.territory, starts_at=NOW)
        self.assertEqual(self.meeting().state, Meeting.State.PLANNED)

    def test_announce_drafts_a_post_in_the_plan(self) -> None:
        Source.objects.create(name="vk-admin", kind=Source.Kind.VK, title="ВК администрации")
        meeting = self.meeting(starts_at=NOW + timedelta(days=7))
        actions.announce(self.moderator, meeting)
        meeting.refresh_from_db()
        self.assertEqual(meeting.state, Meeting.State.ANNOUNCED)
        post = Post.objects.get(pk=meeting.announcement_id)
        self.assertEqual(post.state, Post.State.DRAFT)
        self.assertIn("ДК «Русь»", post.text)
        self.assertIn("07.12.2026 в 10:00", post.text)
        self.assertIn(f"/vstrechi/{meeting.pk}/", post.text)
        self.assertIn(meeting.hashtag, post.text)
        self.assertEqual([c.source.name for c in post.channels.all()], ["vk-admin"])
        with self.assertRaisesMessage(ValidationError, "только запланированную"):
            actions.announce(self.moderator, meeting)

    def test_questions_are_answered_or_become_instructions(self) -> None:
        meeting = self.meeting()
        early = actions.add_question(self.moderator, meeting, text="Когда починят дорогу?")
        self.assertEqual(early.asked, Question.Asked.ADVANCE)
        actions.mark_held(self.moderator, meeting)
        spot = actions.add_question(self.moderator, meeting, text="Где урны?", asker_name="Иванов")
        self.assertEqual(spot.asked, Question.Asked.AT_MEETING)
        actions.answer_on_spot(self.moderator, spot, "Поставят в мае")
        self.assertEqual(spot.state, Question.State.ANSWERED)
        self.instruction(meeting, question=early)
        early.refresh_from_db()
        self.assertEqual(early.state, Question.State.INSTRUCTED)
        with self.assertRaisesMessage(ValidationError, "уже дано поручение"):
            actions.answer_on_spot(self.moderator, early, "Ответ")
        with self.assertRaisesMessage(ValidationError, "Напишите вопрос"):
            actions.add_question(self.moderator, meeting, text="  ")


class InstructionActionTests(MeetingsTestCase):
    def test_numbers_count_within_the_year(self) -> None:
        with at(NOW):
            first, second = self.instruction(), self.instruction()
        self.assertEqual([first.number, second.number], ["П-2026-0001", "П-2026-0002"])
        event = first.events.get()
        self.assertEqual((event.kind, event.new_deadline), (Kind.ISSUED, first.deadline))

    def test_deadline_in_working_days_and_reminder_day(self) -> None:
        with at(NOW):  # Monday 30 Nov, 10:00
            instruction = self.instruction(working_days=4)
        instruction.refresh_from_db()
        self.assertEqual(instruction.deadline.isoformat(), "2026-12-04T11:00:00+00:00")
        self.assertEqual(instruction.warn_at.isoformat(), "2026-12-03T02:00:00+00:00")

    def test_responsible_must_be_in_the_department(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Ответственный"):
            self.instruction(responsible=self.executor_b)

    def test_executors_work_on_their_own_department_only(self) -> None:
        instruction = self.instruction()
        for user in (self.executor_b, self.outsider, self.analyst):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                actions.take_into_work(user, instruction)
        with self.assertRaises(PermissionDenied):
            actions.issue_instruction(
                self.executor_a, text="Сделать", department=self.dept_a, working_days=1
            )
        actions.take_into_work(self.executor_a, instruction)
        instruction.refresh_from_db()
        self.assertEqual(instruction.state, Instruction.State.IN_PROGRESS)
        self.assertEqual(instruction.responsible, self.executor_a)

    def test_scope_by_department(self) -> None:
        mine = self.instruction()
        self.instruction(department=self.dept_b)
        seen = scope_instructions(self.executor_a, Instruction.objects.all())
        self.assertEqual(list(seen), [mine])
        self.assertEqual(scope_instructions(self.outsider, Instruction.objects.all()).count(), 0)
        self.assertEqual(scope_instructions(self.moderator, Instruction.objects.all()).count(), 2)

    def test_progress_report_keeps_a_clean_photo(self) -> None:
        instruction = self.instruction()
        with self.settings(MEDIA_ROOT=self.media()):
            event = actions.report_progress(self.executor_a, instruction, "Завезли доски", png())
            self.assertTrue(event.photo.name.endswith(".jpg"))
            with Image.open(event.photo.path) as stored:
                self.assertEqual(stored.format, "JPEG")
            with self.assertRaisesMessage(ValidationError, "JPEG, PNG или WebP"):
                bad = png()
                bad.file.write(b"garbage")
                bad.file.seek(0)
                bad.file.truncate(10)
                actions.report_progress(self.executor_a, instruction, "Ещё", bad)
        instruction.refresh_from_db()
        self.assertEqual(instruction.state, Instruction.State.IN_PROGRESS)

    def media(self) -> str:
        return tempfile.mkdtemp(prefix="otklik-meetings-")

    def test_extension_needs_a_reason_and_is_recorded(self) -> None:
        with at(NOW):
            instruction = self.instruction(working_days=2)
            old = instruction.deadline
            with self.assertRaisesMessage(ValidationError, "Причина продления"):
                actions.extend(self.moderator, instruction, " ", working_days=10)
            with self.assertRaises(PermissionDenied):
                actions.extend(self.executor_a, instruction, "Погода", working_days=10)
            with self.assertRaisesMessage(ValidationError, "позже прежнего"):
                actions.extend(self.moderator, instruction, "Погода", working_days=1)
            actions.extend(self.moderator, instruction, "Морозы", due=date(2027, 1, 3))
        event = instruction.events.get(kind=Kind.EXTENDED)
        self.assertEqual((event.old_deadline, event.text), (old, "Морозы"))
        instruction.refresh_from_db()
        event.refresh_from_db()
        self.assertEqual(event.new_deadline.isoformat(), "2027-01-11T11:00:00+00:00")
        self.assertEqual(instruction.deadline, event.new_deadline)

    def test_cancel_needs_a_reason(self) -> None:
        instruction = self.instruction()
        with self.assertRaisesMessage(ValidationError, "Причина отмены"):
            actions.cancel(self.moderator, instruction, "")
        actions.cancel(self.moderator, instruction, "Дублирует П-2026-0007")
        self.assertEqual(instruction.state, Instruction.State.CANCELLED)
        with self.assertRaisesMessage(ValidationError, "отменено"):
            actions.complete(self.moderator, instruction, "Готово")

    def test_link_incident_only_one_the_actor_sees(self) -> None:
        instruction = self.instruction()
        other = self.incident(department=self.dept_b)
        with self.assertRaises(PermissionDenied):
            actions.link_incident(self.executor_a, instruction, other)
        actions.link_incident(self.moderator, instruction, other)
        with self.assertRaisesMessage(ValidationError, "уже связан"):
            actions.link_incident(self.moderator, instruction, other)
        self.assertTrue(instruction.events.filter(kind=Kind.LINKED).exists())
