"""The inbox and the incident list page by cursor: every row once, filters kept both ways."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

from otklik.incidents.models import Incident
from otklik.testing.base import BaseTestCase

START = datetime(2026, 11, 1, tzinfo=UTC)


def _links(html: str, rel: str) -> list[str]:
    return [unescape(href) for href in re.findall(rf'<a href="([^"]+)" rel="{rel}"', html)]


class KeysetPagingTests(BaseTestCase):
    def walk(self, first: str, marker: str) -> tuple[list[str], list[str]]:
        """Follow «Следующая страница» to the end; returns the rows seen and the pages' URLs."""
        seen: list[str] = []
        urls = [first]
        while True:
            html = self.client.get(urls[-1]).content.decode()
            seen += re.findall(marker, html)
            after = _links(html, "next")
            if not after:
                return seen, urls
            self.assertEqual(len(after), 1)
            urls.append(first.split("?")[0] + after[0])

    def test_inbox_pages_by_cursor_and_keeps_the_search(self) -> None:
        for i in range(120):
            # Equal times on purpose: the id breaks ties, so no row is lost or shown twice.
            self.message(f"Фонарь не горит {i}", created_at=START + timedelta(hours=i // 3))
        self.message("Яма", created_at=START)
        self.login(self.moderator)
        seen, urls = self.walk("/inbox/?q=фонарь", r"Фонарь не горит (\d+)")
        self.assertEqual(len(urls), 3, (urls, len(seen)))
        self.assertEqual(sorted(map(int, seen)), list(range(120)))
        self.assertEqual(len(set(seen)), 120)
        self.assertTrue(all("q=" in url and "after=" in url for url in urls[1:]))
        last = self.client.get(urls[-1]).content.decode()
        self.assertIn("Предыдущая страница", last)
        back = "/inbox/" + _links(last, "prev")[0]
        self.assertIn("before=", back)
        self.assertEqual(
            re.findall(r"Фонарь не горит (\d+)", self.client.get(back).content.decode()),
            seen[50:100],
        )
        self.assertIn("<small>120</small>", self.client.get("/inbox/?q=фонарь").content.decode())

    def test_incident_list_pages_by_cursor(self) -> None:
        for i in range(60):
            Incident.objects.create(
                title=f"Инцидент {i}",
                category=self.category,
                department=self.dept_a,
                created_at=START + timedelta(minutes=i // 2),
            )
        self.login(self.moderator)
        seen, urls = self.walk("/incidents/?state=open", r"Инцидент (\d+)<")
        self.assertEqual(len(urls), 2)
        self.assertEqual(sorted(map(int, seen)), list(range(60)))
        self.assertIn("state=open", urls[1])
