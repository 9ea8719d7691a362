"""Questions grouped by topic for the Mayor: written, the incident's category, the triage
suggestion's, the city file's keywords, else «Другие вопросы»."""

from __future__ import annotations

from otklik.cities.models import Category
from otklik.incidents.actions import create_incident
from otklik.meetings import actions
from otklik.meetings.models import Question
from otklik.meetings.tests.helpers import MeetingsTestCase
from otklik.meetings.topics import OTHER, group_by_topic, rule_topic, rules, with_topics
from otklik.suggestions.models import Suggestion


class RuleTests(MeetingsTestCase):
    def test_keywords_and_names(self) -> None:
        roads = Category.objects.create(
            code="roads", name="Дороги", keywords=["яма", "асфальт", "ремонт дороги"]
        )
        table = rules([self.category, roads])
        cases = [
            ("Когда уберут ямы и положат асфальт?", "Дороги"),
            ("В квартире холодно, отопление еле тёплое", "Отопление"),
            ("Спасибо за праздник", OTHER),
            ("", OTHER),
        ]
        for text, expected in cases:
            self.assertEqual(rule_topic(text, table), expected, text)


class GroupTests(MeetingsTestCase):
    def test_the_order_of_sources_and_the_groups(self) -> None:
        roads = Category.objects.create(code="roads", name="Дороги", keywords=["яма"])
        parks = Category.objects.create(code="parks", name="Благоустройство")
        meeting = self.meeting()

        def ask(text: str, **fields: object) -> Question:
            return actions.add_question(self.moderator, meeting, text=text, **fields)

        ask("Про ямы во дворе", topic="Транспорт")  # written by the press service
        in_incident = self.message("Нет отопления третий день")
        create_incident(self.moderator, [in_incident], category=roads, department=self.dept_b)
        ask("Нет отопления третий день", message=in_incident)  # the incident's category wins
        suggested = self.message("Сломана скамейка")
        Suggestion.objects.create(message=suggested, category=parks)
        ask("Сломана скамейка", message=suggested)
        ask("Опять яма на Ленина")
        ask("Яма у школы")
        ask("Спасибо за встречу")
        groups = group_by_topic(with_topics(meeting.questions.order_by("pk")))
        summary = [(g.topic, g.count) for g in groups]
        self.assertEqual(
            summary,
            [("Дороги", 3), ("Благоустройство", 1), ("Транспорт", 1), (OTHER, 1)],
        )

    def test_the_card_shows_topics_with_counts_in_constant_queries(self) -> None:
        meeting = self.meeting()
        for text in ("Холодно, отопление не работает", "Отопление отключили", "Спасибо"):
            actions.add_question(self.moderator, meeting, text=text, message=self.message(text))
        self.login(self.moderator)
        page = self.client.get(f"/meetings/{meeting.pk}/").content.decode()
        self.assertIn("Отопление</a> (2)", page)
        self.assertIn(f"{OTHER}</a> (1)", page)
        self.assertIn("Вопросы и протокол (3)", page)
