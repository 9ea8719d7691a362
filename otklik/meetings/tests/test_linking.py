"""`link_questions`: comments under the announcement and messages with the meeting's hashtag
become its questions, once each; the cursor is claimed by one worker."""

from __future__ import annotations

from datetime import timedelta

from otklik import periodic
from otklik.inbox.models import Author, Message, Thread
from otklik.meetings import actions
from otklik.meetings.actions.linking import link_questions
from otklik.meetings.hashtags import base_hashtag, hashtags_in
from otklik.meetings.models import Meeting, Question, QuestionCursor
from otklik.meetings.tests.helpers import NOW, MeetingsTestCase
from otklik.plan.models import PostChannel
from otklik.sources.models import Source


class HashtagTests(MeetingsTestCase):
    def test_made_from_the_territory_and_the_local_day(self) -> None:
        cases = [
            ("Самусь", "#ВстречаСамусь3011"),
            ("пос. Орловка", "#ВстречаОрловка3011"),
            ("Центральный район", "#ВстречаЦентральный3011"),
        ]
        for name, expected in cases:
            self.assertEqual(base_hashtag(name, NOW), expected, name)

    def test_unique_per_meeting(self) -> None:
        first = self.meeting(territory=self.territory_b)
        second = self.meeting(territory=self.territory_b)
        self.assertEqual(first.hashtag, "#ВстречаСамусь3011")
        self.assertEqual(second.hashtag, "#ВстречаСамусь3011_2")

    def test_moving_a_planned_meeting_moves_its_hashtag(self) -> None:
        meeting = self.meeting(territory=self.territory_b)
        actions.update_meeting(
            self.moderator, meeting, territory=self.territory_b, starts_at=NOW + timedelta(days=2)
        )
        self.assertEqual(meeting.hashtag, "#ВстречаСамусь0212")

    def test_found_in_text_whole_and_case_blind(self) -> None:
        cases = [
            ("Вопрос #встречасамусь3011 про дорогу", {"#встречасамусь3011"}),
            ("#ВСТРЕЧАСАМУСЬ3011, а когда?", {"#встречасамусь3011"}),
            ("#ВстречаСамусь30112 другой", {"#встречасамусь30112"}),
            ("почта a#b и #", set()),
        ]
        for text, expected in cases:
            self.assertEqual(hashtags_in(text), expected, text)


class LinkTests(MeetingsTestCase):
    def setUp(self) -> None:
        self.vk = Source.objects.create(name="vk-adm", kind=Source.Kind.VK, title="ВК")
        self.meeting_b = self.meeting(territory=self.territory_b)
        actions.announce(self.moderator, self.meeting_b)
        self.meeting_b.refresh_from_db()
        channel = self.meeting_b.announcement.channels.get(source=self.vk)
        PostChannel.objects.filter(pk=channel.pk).update(
            state=PostChannel.State.PUBLISHED, external_id="wall-1_77"
        )
        self.under_post = Thread.objects.create(source=self.vk, external_id="wall-1_77")
        self.elsewhere = Thread.objects.create(source=self.vk, external_id="wall-1_5")

    def vk_message(self, text: str, thread: Thread, kind: str = "comment") -> Message:
        author = Author.objects.get_or_create(
            source=self.vk, external_id="u1", defaults={"display_name": "Мария С."}
        )[0]
        return self.message(text, source=self.vk, thread=thread, kind=kind, author=author)

    def test_comments_under_the_announcement(self) -> None:
        comment = self.vk_message("Когда починят фонари на Лесной?", self.under_post)
        reply = self.vk_message("И у нас на Новой тоже", self.under_post, kind="reply")
        self.vk_message("Про другое", self.elsewhere)
        self.vk_message("Анонс встречи", self.under_post, kind="post")  # our own post
        self.assertEqual(link_questions(), 4)
        questions = list(Question.objects.order_by("pk"))
        self.assertEqual([q.message for q in questions], [comment, reply])
        self.assertEqual({q.meeting for q in questions}, {self.meeting_b})
        self.assertEqual(questions[0].asked, Question.Asked.ADVANCE)
        self.assertEqual(questions[0].asker_name, "Мария С.")

    def test_messages_with_the_hashtag(self) -> None:
        tagged = self.vk_message(f"{self.meeting_b.hashtag.upper()} нет воды", self.elsewhere)
        self.vk_message(f"{self.meeting_b.hashtag}9 не тот", self.elsewhere)
        self.message(f"Письмо {self.meeting_b.hashtag}: про школу", kind="email")
        self.message(f"Новость СМИ {self.meeting_b.hashtag}", kind="article")
        link_questions()
        texts = sorted(Question.objects.values_list("text", flat=True))
        self.assertEqual(len(texts), 2)
        self.assertIn(tagged.text, texts)

    def test_idempotent_and_a_cursor(self) -> None:
        self.vk_message("Вопрос про баню", self.under_post)
        self.assertEqual(link_questions(), 1)
        self.assertEqual(link_questions(), 0)
        QuestionCursor.objects.update(last_message_id=0)  # read everything again
        self.assertEqual(link_questions(), 1)
        self.assertEqual(Question.objects.count(), 1)
        later = self.vk_message("Ещё вопрос", self.under_post)
        link_questions()
        self.assertEqual(Question.objects.latest("pk").message, later)

    def test_batches(self) -> None:
        for n in range(5):
            self.vk_message(f"Вопрос {n}", self.under_post)
        self.assertEqual(link_questions(batch=2), 2)
        self.assertEqual(Question.objects.count(), 2)
        self.assertEqual(link_questions(batch=10), 3)
        self.assertEqual(Question.objects.count(), 5)

    def test_held_meetings_take_no_questions(self) -> None:
        actions.mark_held(self.moderator, self.meeting_b)
        self.vk_message(f"{self.meeting_b.hashtag} поздно", self.elsewhere)
        self.vk_message("Спасибо за встречу", self.under_post)
        link_questions()
        self.assertFalse(Question.objects.exists())

    def test_a_question_recorded_by_hand_is_not_recorded_again(self) -> None:
        message = self.vk_message("Про снег", self.under_post)
        actions.add_question(self.moderator, self.meeting_b, text="Про снег", message=message)
        link_questions()
        self.assertEqual(Question.objects.count(), 1)

    def test_registered_after_intake(self) -> None:
        names = periodic.names()
        name = "otklik.meetings.actions.linking.link_questions"
        self.assertLess(names.index("otklik.sources.actions.process_pending"), names.index(name))
        self.assertEqual(Meeting.objects.filter(hashtag="").count(), 0)
