"""The incident list's text search: the same rows in the same order whichever way they are found.

keyset.paginate looks for a search among the next PROBE rows of the list first and, when they do
not fill the page, through the search's own indexes (PostgreSQL: a fenced, sorted subquery).
PROBE is made small here so that both ways run on a few dozen rows, on SQLite and PostgreSQL.
The terms are in the titles' case: SQLite's LIKE folds the case of Latin letters only.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from unittest import mock

from django.http import QueryDict
from django.test import override_settings

from otklik.accounts.models import User
from otklik.incidents.models import Incident
from otklik.incidents.queries import incident_queryset
from otklik.incidents.states import Status
from otklik.testing.base import BaseTestCase

START = datetime(2026, 11, 1, tzinfo=UTC)
ROW = r'href="/incidents/(\d+)/">#'


class ListSearchTests(BaseTestCase):
    def login(self, user: User) -> None:
        # force_login has no request, so no address: axes would store «unknown» in an inet
        # column, which PostgreSQL refuses (as the benchmark does, log in with axes off).
        with override_settings(AXES_ENABLED=False):
            super().login(user)

    def make(self, title: str, minute: int, **fields: object) -> Incident:
        # Two incidents a minute: equal times, so the id must break the ties.
        fields.setdefault("department", self.dept_a)
        return Incident.objects.create(
            title=title,
            category=self.category,
            created_at=START + timedelta(minutes=minute // 2),
            **fields,
        )

    def walk(self, query: str) -> tuple[list[int], list[str]]:
        """Every page of /incidents/?query by «Следующая страница»: the rows' ids, the counts."""
        url = "/incidents/?" + query
        ids: list[int] = []
        counts: list[str] = []
        while url:
            html = self.client.get(url).content.decode()
            ids += [int(n) for n in re.findall(ROW, html)]
            counts += re.findall(r"<h1>Инциденты <small>([^<]*)</small>", html)
            after = re.findall(r'<a href="([^"]+)" rel="next"', html)
            url = "/incidents/" + unescape(after[0]) if after else ""
        return ids, counts

    def expected(self, user: User, query: str) -> list[int]:
        """The plain filtered list (the search as one more WHERE), in the list's order."""
        params = QueryDict(query)
        filters = {"state": params.get("state", "open"), "q": params.get("q", "")}
        return list(incident_queryset(user, filters).values_list("pk", flat=True))

    def test_common_term_found_by_the_probe_pages_like_the_plain_list(self) -> None:
        for i in range(130):
            self.make("Не горят фонари" if i % 3 else "Яма на дороге", i)
        self.login(self.moderator)
        with mock.patch("otklik.keyset.PROBE", 80):  # 80 rows hold 53 matches: a full page
            ids, counts = self.walk("state=open&q=фонари")
        self.assertEqual(ids, self.expected(self.moderator, "q=фонари"))
        self.assertEqual(len(ids), 86)
        self.assertEqual(counts, ["86", "86"])

    def test_term_rare_among_open_ones_is_found_past_the_probe(self) -> None:
        """Common in the table (closed ones, newest), rare in the open list: past the probe."""
        newer = self.make("Улица без фонарей", 170, address_text="у фонаря")
        for i in range(3, 60):
            self.make("Яма на дороге", i)
        for i in range(60, 160):
            self.make("Не горят фонари", i, status=Status.CLOSED)
        old = [self.make("Во дворе фонари", i) for i in range(3)]  # the oldest, made last
        self.login(self.moderator)
        with mock.patch("otklik.keyset.PROBE", 10):
            ids, counts = self.walk("state=open&q=фонар")
            everything, _ = self.walk("state=&q=фонари")
        self.assertEqual(ids, [newer.pk, old[2].pk, old[1].pk, old[0].pk])
        self.assertEqual(counts, ["4"])
        self.assertEqual(everything, self.expected(self.moderator, "state=&q=фонари"))
        self.assertEqual(len(everything), 103)

    def test_search_by_number_and_for_nothing(self) -> None:
        wanted = self.make("Яма", 1)
        for i in range(2, 40):
            self.make("Мусор", i)
        self.login(self.moderator)
        with mock.patch("otklik.keyset.PROBE", 5):
            self.assertEqual(self.walk(f"state=open&q={wanted.pk}")[0], [wanted.pk])
            self.assertEqual(self.walk("state=open&q=снег"), ([], ["0"]))

    def test_executor_finds_only_their_department(self) -> None:
        own = [self.make("Сломаны фонари", i) for i in range(38, -1, -2)]  # newest made first
        for i in range(1, 80, 2):
            self.make("Сломаны фонари", i, department=self.dept_b)
        self.login(self.executor_a)
        with mock.patch("otklik.keyset.PROBE", 10):
            ids, counts = self.walk("state=open&q=фонари")
        self.assertEqual(ids, [incident.pk for incident in own])
        self.assertEqual(counts, ["20"])
