"""`{% open_polls %}` and `{% open_initiatives %}` for the public page /open/."""

from __future__ import annotations

from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from otklik.polls import actions
from otklik.polls.tests.helpers import PollsTestCase

TAGS = Template("{% load polls_open %}{% open_polls territory %}{% open_initiatives territory %}")


class OpenTagsTest(PollsTestCase):
    def render(self, territory: object = None) -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            html = TAGS.render(Context({"territory": territory}))
        return html, len(queries)

    def test_render_results_and_initiatives_without_personal_data(self) -> None:
        poll = self.poll(territory=self.territory)
        self.vote(poll, 0, "t" * 24)
        closed = self.poll(question="Нужен ли каток?")
        self.vote(closed, 1, "u" * 24)
        actions.close_poll(self.moderator, closed)
        other = self.poll(question="Вопрос для Самуси", territory=self.territory_b)
        actions.propose(
            territory=self.territory, title="Каток у школы", text="Залить", author_name="Секретов",
            author_contact="secret@example.org",
        )  # fmt: skip
        html, _ = self.render(self.territory)
        self.assertIn(poll.question, html)
        self.assertIn("Нужен ли каток?", html)  # the city's poll shows in every territory
        self.assertNotIn(other.question, html)
        self.assertIn("Каток у школы", html)
        self.assertNotIn("Секретов", html)
        self.assertNotIn("secret@example.org", html)
        html, _ = self.render(None)
        self.assertIn(other.question, html)

    def test_constant_queries(self) -> None:
        self.poll()
        actions.close_poll(self.moderator, self.poll(question="Завершённый"))
        actions.propose(territory=self.territory, title="Каток", text="Залить")
        _, few = self.render()
        for k in range(5):
            poll = self.poll(question=f"Вопрос {k}")
            self.vote(poll, 0, f"{k}" * 24)
            if k % 2:
                actions.close_poll(self.moderator, poll)
            actions.propose(territory=self.territory_b, title=f"Инициатива {k}", text="Текст")
        _, many = self.render()
        self.assertEqual(few, many)

    def test_empty(self) -> None:
        html, _ = self.render()
        self.assertIn("Опросов пока не было", html)
        self.assertIn("Инициатив пока нет", html)
