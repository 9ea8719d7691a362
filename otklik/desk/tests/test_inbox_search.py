"""The inbox's text search: the rows and order of the plain filtered list, by probe or past it.

keyset.PROBE is made small so that a term rare among new messages (common among handled ones)
is found past the probe: through the trigram index on PostgreSQL, on SQLite as it was.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from unittest import mock

from django.test import override_settings

from otklik.accounts.models import User
from otklik.inbox.models import Message
from otklik.inbox.queries import inbox_queryset
from otklik.testing.base import BaseTestCase

START = datetime(2026, 11, 1, tzinfo=UTC)
ROW = r'<tr id="msg-(\d+)"'


class InboxSearchTests(BaseTestCase):
    def login(self, user: User) -> None:
        # force_login has no request, so no address: axes would store «unknown» in an inet
        # column, which PostgreSQL refuses (as the benchmark does, log in with axes off).
        with override_settings(AXES_ENABLED=False):
            super().login(user)

    def walk(self, query: str) -> tuple[list[int], list[str]]:
        url = "/inbox/?" + query
        ids: list[int] = []
        counts: list[str] = []
        while url:
            html = self.client.get(url).content.decode()
            ids += [int(n) for n in re.findall(ROW, html)]
            counts += re.findall(r"<h1>Входящие <small>([^<]*)</small>", html)
            after = re.findall(r'<a href="([^"]+)" rel="next"', html)
            url = "/inbox/" + unescape(after[0]) if after else ""
        return ids, counts

    def test_term_rare_among_new_messages_is_found_past_the_probe(self) -> None:
        for i in range(80):  # the newest: handled, all of them with the term
            self.message(
                f"горят фонари {i}",
                created_at=START + timedelta(hours=100 + i),
                status=Message.Status.DISMISSED,
            )
        for i in range(60):
            self.message(f"яма {i}", created_at=START + timedelta(hours=40 + i // 2))
        wanted = [
            self.message(f"не горят фонари {i}", created_at=START + timedelta(hours=i // 2))
            for i in range(55)  # the oldest, made last: ids and times disagree on the order
        ]
        self.login(self.moderator)
        with mock.patch("otklik.keyset.PROBE", 10):
            ids, counts = self.walk("status=new&q=фонари")
            everything, _ = self.walk("status=&q=фонари")
        plain = inbox_queryset(self.moderator, {"status": "new", "q": "фонари"})
        self.assertEqual(ids, list(plain.values_list("pk", flat=True)))
        self.assertEqual(sorted(ids), sorted(m.pk for m in wanted))
        self.assertEqual(ids[:2], [wanted[54].pk, wanted[53].pk])
        self.assertEqual(counts, ["55", "55"])
        plain = inbox_queryset(self.moderator, {"status": "", "q": "фонари"})
        self.assertEqual(everything, list(plain.values_list("pk", flat=True)))
        self.assertEqual(len(everything), 135)
