"""/api/v1/messages/: filters, scoping by department, personal data by role, paging."""

from __future__ import annotations

from datetime import timedelta

from otklik.api.tests.rest_case import NOV_20, RestCase
from otklik.inbox.models import Message


class MessageTests(RestCase):
    def setUp(self) -> None:
        super().setUp()
        self.heating = self.incident_of(self.dept_a, "Нет отопления на Ленина, 5")
        self.roads = self.incident_of(self.dept_b, "Яма на дороге")
        self.new = self.message("Ёлка во дворе", territory=self.territory_b)

    def ids(self, response: object) -> list[int]:
        self.assertEqual(response.status_code, 200, response.content)  # type: ignore[attr-defined]
        return [m["id"] for m in response.json()["items"]]  # type: ignore[attr-defined]

    def test_filters(self) -> None:
        everything = self.ids(self.get("/api/v1/messages/", self.moderator))
        self.assertEqual(len(everything), 3)
        self.assertEqual(self.ids(self.get("/api/v1/messages/", self.moderator, status="new")),
                         [self.new.pk])  # fmt: skip
        found = self.ids(self.get("/api/v1/messages/", self.moderator, q="елка"))
        self.assertEqual(found, [self.new.pk])  # ё folds to е, as in the inbox
        found = self.ids(
            self.get("/api/v1/messages/", self.moderator, territory=self.territory_b.pk)
        )
        self.assertEqual(found, [self.new.pk])
        found = self.ids(self.get("/api/v1/messages/", self.moderator, category=self.group.pk))
        self.assertEqual(len(found), 2)  # by the incident's topic or its group
        found = self.ids(self.get("/api/v1/messages/", self.moderator, source=self.source.pk,
                                  date_from="2026-11-20", date_to="2026-11-20"))  # fmt: skip
        self.assertEqual(len(found), 3)
        self.assertEqual(self.ids(self.get("/api/v1/messages/", self.moderator,
                                           date_from="2026-11-21")), [])  # fmt: skip

    def test_an_executor_sees_only_their_departments_messages(self) -> None:
        found = self.ids(self.get("/api/v1/messages/", self.executor_a))
        self.assertEqual(found, list(self.heating.messages.values_list("pk", flat=True)))
        other = self.roads.messages.get()
        self.assertProblem(self.get(f"/api/v1/messages/{other.pk}/", self.executor_a), 404)

    def test_contacts_only_for_the_press_service(self) -> None:
        message = self.heating.messages.get()
        seen = self.get(f"/api/v1/messages/{message.pk}/", self.moderator).json()
        self.assertEqual(seen["contact"], "+7 900 000-00-00")
        self.assertEqual(seen["author"]["profile_url"], "https://vk.com/id42")
        self.assertTrue(seen["created_at"].endswith("Z"))  # UTC, ISO 8601
        for user in (self.executor_a, self.analyst):
            seen = self.get(f"/api/v1/messages/{message.pk}/", user).json()
            self.assertIsNone(seen["contact"])
            self.assertIsNone(seen["author"]["profile_url"])
            self.assertEqual(seen["author"]["name"], "Иван Петров")  # as the pages show it

    def test_pages_are_stable_while_messages_arrive(self) -> None:
        for n in range(7):
            self.message(f"Сообщение {n}", created_at=NOV_20 - timedelta(hours=n % 3))
        first = self.get("/api/v1/messages/", self.moderator, limit=4).json()
        self.assertEqual(len(first["items"]), 4)
        # A newer message arrives between the pages: the next page neither repeats nor skips.
        self.message("Самое новое", created_at=NOV_20 + timedelta(days=1))
        seen = [m["id"] for m in first["items"]]
        cursor = first["next"]
        while cursor:
            page = self.get("/api/v1/messages/", self.moderator, limit=4, cursor=cursor).json()
            seen += [m["id"] for m in page["items"]]
            cursor = page["next"]
        expected = list(
            Message.objects.exclude(text="Самое новое")
            .order_by("-created_at", "-id")
            .values_list("pk", flat=True)
        )
        self.assertEqual(seen, expected)

    def test_a_forged_or_foreign_cursor_is_refused(self) -> None:
        body = self.assertProblem(self.get("/api/v1/messages/", self.moderator, cursor="abc"), 422)
        self.assertEqual(body["errors"][0]["field"], "cursor")
        for n in range(3):
            self.message(f"ещё {n}")
        cursor = self.get("/api/v1/incidents/", self.moderator, limit=1).json()["next"]
        self.assertProblem(self.get("/api/v1/messages/", self.moderator, cursor=cursor), 422)

    def test_the_list_costs_a_fixed_number_of_queries(self) -> None:
        self.get("/api/v1/messages/", self.moderator)  # the token's last use is written once
        for n in range(10):
            self.message(f"ещё {n}", author=self.author, territory=self.territory)
        with self.assertNumQueries(2):  # the token, the page with its relations
            response = self.get("/api/v1/messages/", self.moderator)
        self.assertEqual(len(response.json()["items"]), 13)
