"""Polls' actions: the limits, one vote per browser, results by territory, CSV, the results
post, closing by the worker; initiatives' states and the press service told."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from otklik.notify.models import Notification
from otklik.plan.models import Post
from otklik.polls import actions
from otklik.polls.models import Initiative, Poll, Vote
from otklik.polls.results import results, to_csv
from otklik.polls.tests.helpers import OPTIONS, PollsTestCase, tg_source
from otklik.polls.voters import voter_key


class PollActionsTest(PollsTestCase):
    def test_limits_of_question_and_options(self) -> None:
        cases = [
            ({"question": "В" * 301}, "длиннее 300"),
            ({"options": ["Один"]}, "от 2 до 10"),
            ({"options": [f"Вариант {n}" for n in range(11)]}, "от 2 до 10"),
            ({"options": ["Да", "Н" * 101]}, "длиннее 100"),
            ({"options": ["Да", "да"]}, "повторяются"),
            ({"ends_at": timezone.now() - timedelta(days=2)}, "позже начала"),
        ]
        for fields, words in cases:
            with (
                self.subTest(fields=str(fields)[:40]),
                self.assertRaises(ValidationError) as raised,
            ):
                self.poll(**fields)
            self.assertIn(words, " ".join(raised.exception.messages))
        poll = self.poll(question="В" * 300, options=["Д" * 100, "Нет", "", "  "])
        self.assertEqual(poll.options.count(), 2)

    def test_only_the_press_service_writes(self) -> None:
        for user in (self.executor_a, self.analyst, self.outsider):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                actions.create_poll(
                    user,
                    question="Вопрос",
                    options=OPTIONS,
                    starts_at=timezone.now(),
                    ends_at=timezone.now() + timedelta(days=1),
                )

    def test_one_vote_per_browser(self) -> None:
        poll = self.poll()
        self.vote(poll, 0, "browser-token-aaaaaaaaaaaa")
        with self.assertRaisesMessage(ValidationError, "уже голосовали"):
            self.vote(poll, 1, "browser-token-aaaaaaaaaaaa")
        self.vote(poll, 1, "browser-token-bbbbbbbbbbbb")
        self.assertEqual(Vote.objects.count(), 2)
        stored = set(Vote.objects.values_list("voter_key", flat=True))
        self.assertEqual(
            stored,
            {voter_key("browser-token-aaaaaaaaaaaa"), voter_key("browser-token-bbbbbbbbbbbb")},
        )
        self.assertNotIn("browser-token-aaaaaaaaaaaa", "".join(stored))
        self.assertTrue(actions.has_voted(poll, "browser-token-aaaaaaaaaaaa"))

    def test_no_vote_in_a_draft_a_closed_or_a_future_poll(self) -> None:
        draft = self.poll(open_now=False)
        future = self.poll(starts_at=timezone.now() + timedelta(days=1))
        closed = self.poll()
        actions.close_poll(self.moderator, closed)
        for poll in (draft, future, closed):
            with (
                self.subTest(poll=poll.state),
                self.assertRaisesMessage(ValidationError, "не идёт"),
            ):
                self.vote(poll, 0, "browser-token-aaaaaaaaaaaa")

    def test_results_per_territory_per_channel_and_in_total(self) -> None:
        poll = self.poll()
        self.vote(poll, 0, "t" * 24, self.territory)
        self.vote(poll, 0, "u" * 24, self.territory)
        self.vote(poll, 1, "v" * 24, self.territory_b)
        self.vote(poll, 2, "w" * 24)
        channel = poll.channels.create(source=tg_source(), state="published")
        actions.counts.save_counts(channel, [10, 5, 1], 16)
        found = results(poll)
        first, second, third = found.options
        self.assertEqual(found.own.counts, {first.pk: 2, second.pk: 1, third.pk: 1})
        by_name = {c.title: c.counts for c in found.territories}
        self.assertEqual(by_name["Центральный"], {first.pk: 2})
        self.assertEqual(by_name["Самусь"], {second.pk: 1})
        self.assertEqual(by_name["Территория не указана"], {third.pk: 1})
        self.assertEqual(found.channels[0].total, 16)
        self.assertEqual(found.total.counts, {first.pk: 12, second.pk: 6, third.pk: 2})
        self.assertEqual([r["percent"] for r in found.rows()], [60.0, 30.0, 10.0])
        self.assertIn("<svg", found.chart())

    def test_csv_has_every_column_and_no_formula(self) -> None:
        poll = self.poll(options=["=HYPERLINK(1)", "Нет"])
        self.vote(poll, 0, "t" * 24, self.territory)
        rows = list(csv.reader(io.StringIO(to_csv(results(poll)))))
        self.assertEqual(rows[0], ["Опрос", "Где", "Вариант", "Голосов"])
        self.assertIn(
            [poll.question, "Страница опроса на сайте: Центральный", "'=HYPERLINK(1)", "1"], rows
        )
        self.assertIn([poll.question, "Всего", "Нет", "0"], rows)

    def test_results_post_is_a_draft_in_the_plan(self) -> None:
        poll = self.poll()
        self.vote(poll, 0, "t" * 24)
        poll.channels.create(source=tg_source(), state="published")
        post = actions.draft_results_post(self.moderator, poll)
        self.assertEqual(post.state, Post.State.DRAFT)
        self.assertIn("Итоги опроса «Где поставить новую детскую площадку?»", post.text)
        self.assertIn("— У школы № 80: 1 (100 %)", post.text)
        self.assertEqual([c.source.name for c in post.channels.all()], ["tg-channel"])

    def test_worker_closes_polls_whose_period_ended(self) -> None:
        ended = self.poll(ends_at=timezone.now() + timedelta(seconds=1))
        running = self.poll()
        Poll.objects.filter(pk=ended.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
        self.assertEqual(actions.close_due(), 1)
        self.assertEqual(actions.close_due(), 0)
        ended.refresh_from_db()
        running.refresh_from_db()
        self.assertEqual((ended.state, running.state), ("closed", "open"))
        self.assertIsNotNone(ended.closed_at)

    def test_an_open_poll_keeps_its_question_and_options(self) -> None:
        poll = self.poll()
        fields = {
            "question": "Другой вопрос",
            "options": OPTIONS,
            "starts_at": poll.starts_at,
            "ends_at": poll.ends_at,
        }
        with self.assertRaisesMessage(ValidationError, "уже идёт"):
            actions.update_poll(self.moderator, poll, **fields)
        fields.update(question=poll.question, ends_at=poll.ends_at + timedelta(days=1))
        actions.update_poll(self.moderator, poll, **fields, description="Продлили на день")
        poll.refresh_from_db()
        self.assertEqual(poll.description, "Продлили на день")


class InitiativeActionsTest(PollsTestCase):
    def propose(self) -> Initiative:
        return actions.propose(
            territory=self.territory,
            title="Освещение на тропинке к остановке",
            text="Вечером на тропинке от домов к остановке совсем темно.",
            author_name="Мария",
            author_contact="+7 913 000-00-00",
        )

    def test_proposal_tells_the_press_service(self) -> None:
        self.moderator.email = "press@example.org"
        self.moderator.save()
        initiative = self.propose()
        notes = Notification.objects.filter(user=self.moderator, kind=Notification.Kind.INITIATIVE)
        self.assertEqual(notes.count(), 1)
        self.assertIn(f"/initiatives/manage/{initiative.pk}/", notes.get().text)
        self.assertNotIn("+7 913", notes.get().text)

    def test_states_and_reasons(self) -> None:
        initiative = self.propose()
        actions.review(self.moderator, initiative)
        with self.assertRaisesMessage(ValidationError, "причину"):
            actions.decline(self.moderator, initiative, reason=" ")
        actions.accept(
            self.moderator, initiative, answer="Поставим фонари летом", instruction_number="12/2026"
        )
        self.assertEqual((initiative.state, initiative.instruction_number), ("accepted", "12/2026"))
        actions.mark_done(self.moderator, initiative, answer="Фонари установлены")
        self.assertEqual((initiative.state, initiative.answer), ("done", "Фонари установлены"))
        with self.assertRaisesMessage(ValidationError, "нельзя"):
            actions.review(self.moderator, initiative)
        other = self.propose()
        actions.decline(self.moderator, other, reason="Участок не муниципальный")
        self.assertEqual((other.state, other.answer), ("declined", "Участок не муниципальный"))
        with self.assertRaises(PermissionDenied):
            actions.review(self.executor_a, self.propose())

    def test_one_support_per_browser(self) -> None:
        initiative = self.propose()
        actions.support(initiative, "s" * 24)
        with self.assertRaisesMessage(ValidationError, "уже поддержали"):
            actions.support(initiative, "s" * 24)
        actions.support(initiative, "r" * 24)
        self.assertEqual(initiative.supports.count(), 2)
        actions.decline(self.moderator, initiative, reason="Нет")
        with self.assertRaisesMessage(ValidationError, "уже нельзя"):
            actions.support(initiative, "q" * 24)
