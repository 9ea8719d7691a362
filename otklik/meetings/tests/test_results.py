"""The meeting's results: a draft post in the content plan, linked to the meeting."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError

from otklik.meetings import actions
from otklik.meetings.actions.results import TEXT_BUDGET, results_text
from otklik.meetings.models import Meeting
from otklik.meetings.tests.helpers import NOW, MeetingsTestCase, at
from otklik.plan.models import Post
from otklik.sources.models import Source


class ResultsTests(MeetingsTestCase):
    def setUp(self) -> None:
        self.vk = Source.objects.create(name="vk-adm", kind=Source.Kind.VK, title="ВК")
        with at(NOW):
            self.held = self.meeting()
            actions.mark_held(self.moderator, self.held)
        answered = actions.add_question(self.moderator, self.held, text="Будет ли автобус №5?")
        actions.answer_on_spot(self.moderator, answered, "Да, с 1 декабря")
        asked = actions.add_question(self.moderator, self.held, text="Крыльцо разваливается")
        with at(NOW):
            self.instruction(self.held, question=asked, text="Отремонтировать крыльцо школы")
            cancelled = self.instruction(self.held, text="Отменённое поручение")
        actions.cancel(self.moderator, cancelled, "Передумали")
        actions.add_question(self.moderator, self.held, text="Без ответа")

    def test_drafts_the_post_and_moves_the_meeting_on(self) -> None:
        actions.publish_results(self.moderator, self.held)
        self.held.refresh_from_db()
        self.assertEqual(self.held.state, Meeting.State.RESULTS_PUBLISHED)
        post = Post.objects.get(pk=self.held.results_post_id)
        self.assertEqual(post.state, Post.State.DRAFT)
        self.assertEqual(list(post.channels.values_list("source", flat=True)), [self.vk.pk])
        text = post.text
        self.assertIn("Итоги встречи мэра с жителями: Центральный, 30.11.2026", text)
        self.assertIn("Вопросов от жителей: 3; ответов на месте: 1; поручений: 1.", text)
        self.assertIn("Будет ли автобус №5? Ответ: Да, с 1 декабря", text)
        self.assertIn(
            "Отремонтировать крыльцо школы Исполнитель: Управление ЖКХ, срок — до 07.12.2026.",
            text,
        )
        self.assertNotIn("Отменённое", text)
        self.assertNotIn("Без ответа", text)

    def test_only_a_held_meeting_once_by_the_press_service(self) -> None:
        with self.assertRaises(PermissionDenied):
            actions.publish_results(self.executor_a, self.held)
        planned = self.meeting(starts_at=NOW + timedelta(days=3))
        with self.assertRaises(ValidationError):
            actions.publish_results(self.moderator, planned)
        actions.publish_results(self.moderator, self.held)
        with self.assertRaises(ValidationError):
            actions.publish_results(self.moderator, self.held)
        self.assertEqual(Post.objects.filter(title__startswith="Итоги").count(), 1)

    def test_a_long_protocol_fits_a_post(self) -> None:
        for n in range(60):
            q = actions.add_question(self.moderator, self.held, text=f"Вопрос {n} " + "я" * 300)
            actions.answer_on_spot(self.moderator, q, "Ответ " + "б" * 300)
        text = results_text(self.held)
        self.assertLessEqual(len(text), TEXT_BUDGET + 100)
        self.assertIn("… и ещё", text)

    def test_the_button_on_the_card(self) -> None:
        self.login(self.moderator)
        card = f"/meetings/{self.held.pk}/"
        self.assertContains(self.client.get(card), "Опубликовать итоги")
        response = self.client.post(card + "results/", follow=True)
        self.assertContains(response, "Черновик поста с итогами")
        self.held.refresh_from_db()
        self.assertContains(response, f"/plan/{self.held.results_post_id}/")
        self.assertNotContains(self.client.get(card), "Опубликовать итоги (")
        self.login(self.analyst)
        self.assertEqual(self.client.post(card + "results/").status_code, 403)
