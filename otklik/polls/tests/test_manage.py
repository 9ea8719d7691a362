"""The press service's pages: 403 for executors and outsiders, the flows through the actions,
CSV, and no N+1 on the lists."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from otklik.plan.models import Post
from otklik.polls import actions
from otklik.polls.models import Initiative, Poll
from otklik.polls.tests.helpers import OPTIONS, PollsTestCase, tg_source

MANAGE = ["/polls/manage/", "/polls/manage/new/", "/initiatives/manage/"]


class ManagePagesTest(PollsTestCase):
    def test_executor_and_outsider_get_403_anonymous_goes_to_login(self) -> None:
        poll = self.poll()
        initiative = actions.propose(territory=self.territory, title="Каток", text="Залить каток")
        urls = [*MANAGE, f"/polls/manage/{poll.pk}/", f"/polls/manage/{poll.pk}/results.csv",
                f"/initiatives/manage/{initiative.pk}/"]  # fmt: skip
        for user in (self.executor_a, self.outsider, self.analyst):
            self.login(user)
            for url in urls:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 403)
            response = self.client.post(f"/initiatives/manage/{initiative.pk}/review/")
            self.assertEqual(response.status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(MANAGE[0]).status_code, 302)
        initiative.refresh_from_db()
        self.assertEqual(initiative.state, "proposed")

    def test_create_open_close_csv_and_results_post(self) -> None:
        self.login(self.moderator)
        for url in MANAGE:
            self.assertEqual(self.client.get(url).status_code, 200)
        data = {
            "question": "Какой праздник провести летом?",
            "options": "\n".join(OPTIONS),
            "starts_at": "2026-06-01T10:00",
            "ends_at": "2026-06-10T18:00",
        }
        response = self.client.post("/polls/manage/new/", data)
        poll = Poll.objects.get()
        self.assertRedirects(response, f"/polls/manage/{poll.pk}/")
        self.assertEqual(timezone.localtime(poll.starts_at).hour, 10)
        self.client.post(f"/polls/manage/{poll.pk}/open/")
        poll.refresh_from_db()
        self.assertEqual(poll.state, "open")
        self.assertContains(
            self.client.get(f"/polls/manage/{poll.pk}/"), "Опубликовать в выбранных"
        )
        csv = self.client.get(f"/polls/manage/{poll.pk}/results.csv")
        self.assertEqual(csv["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("Всего", csv.content.decode())
        self.client.post(f"/polls/manage/{poll.pk}/close/")
        self.client.post(f"/polls/manage/{poll.pk}/post/")
        self.assertEqual(Post.objects.filter(state="draft").count(), 1)

    def test_initiative_decisions(self) -> None:
        initiative = actions.propose(
            territory=self.territory, title="Каток", text="Залить каток", author_name="Пётр"
        )
        self.login(self.moderator)
        page = self.client.get(f"/initiatives/manage/{initiative.pk}/")
        self.assertContains(page, "Пётр")  # the press service sees the author
        self.client.post(f"/initiatives/manage/{initiative.pk}/review/")
        self.client.post(f"/initiatives/manage/{initiative.pk}/decline/", {"reason": ""})
        initiative.refresh_from_db()
        self.assertEqual(initiative.state, "under_review")
        self.client.post(
            f"/initiatives/manage/{initiative.pk}/accept/", {"answer": "Зальём в декабре"}
        )
        initiative.refresh_from_db()
        self.assertEqual((initiative.state, initiative.answer), ("accepted", "Зальём в декабре"))

    def test_lists_take_constant_queries(self) -> None:
        def count(url: str) -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(queries)

        self.login(self.moderator)
        source = tg_source()
        self.make(2, source)  # an open poll and a closed one: every query is made
        few = {url: count(url) for url in ("/polls/", "/initiatives/", *MANAGE[::2])}
        self.make(6, source)
        many = {url: count(url) for url in few}
        self.assertEqual(few, many)

    def make(self, n: int, source: object) -> None:
        for k in range(n):
            poll = self.poll(question=f"Вопрос {Poll.objects.count()}")
            self.vote(poll, k % 3, f"{k}" * 24, self.territory)
            channel = poll.channels.create(source=source, state="published")
            actions.counts.save_counts(channel, [k, 1, 2], None)
            if k % 2:
                actions.close_poll(self.moderator, poll)
            i = actions.propose(territory=self.territory, title=f"Инициатива {k}", text="Текст")
            actions.support(i, f"s{k}" * 12)
        self.assertTrue(Initiative.objects.exists())
