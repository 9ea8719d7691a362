"""The incidents list by the day created and the day closed: city days, both ends included."""

from __future__ import annotations

from datetime import UTC, datetime

from otklik.incidents.models import Incident
from otklik.incidents.states import Resolution, Status
from otklik.testing.base import BaseTestCase

# Asia/Tomsk is UTC+7: 17:00 UTC is the city's midnight.
EDGE = datetime(2026, 11, 9, 17, 0, tzinfo=UTC)  # 10 November 00:00 in the city


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


class ListDatesTest(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.moderator)
        self.made = {
            # title: (created, closed, resolution)
            "9-е, 23:59": (at(9, 16, 59), None, ""),
            "10-е, 00:00": (EDGE, at(12, 16, 59), Resolution.RESOLVED),
            "11-е": (at(11, 3), at(12, 17, 0), Resolution.EXPLAINED),
            "12-е, 23:59": (at(12, 16, 59), at(13, 4), Resolution.SPAM),
            "13-е": (at(13, 3), None, ""),
        }
        for title, (created, closed, resolution) in self.made.items():
            Incident.objects.create(
                title=title,
                created_at=created,
                closed_at=closed,
                status=Status.CLOSED if closed else Status.IN_WORK,
                resolution=resolution,
            )

    def titles(self, query: str) -> set[str]:
        response = self.client.get("/incidents/?" + query)
        self.assertEqual(response.status_code, 200)
        return {i.title for i in response.context["page"]}

    def test_table(self) -> None:
        table = [
            ("state=&opened_from=2026-11-10", {"10-е, 00:00", "11-е", "12-е, 23:59", "13-е"}),
            ("state=&opened_to=2026-11-09", {"9-е, 23:59"}),
            (
                "state=&opened_from=2026-11-10&opened_to=2026-11-12",
                {"10-е, 00:00", "11-е", "12-е, 23:59"},
            ),
            ("state=&opened_from=2026-11-11&opened_to=2026-11-11", {"11-е"}),
            ("state=&closed_from=2026-11-12&closed_to=2026-11-12", {"10-е, 00:00"}),
            ("state=&closed_from=2026-11-13", {"11-е", "12-е, 23:59"}),
            ("state=&closed_to=2026-11-13", {"10-е, 00:00", "11-е", "12-е, 23:59"}),
            ("state=resolved&closed_from=2026-11-10&closed_to=2026-11-30", {"10-е, 00:00", "11-е"}),
            ("state=closed&opened_from=2026-11-11&closed_to=2026-11-13", {"11-е", "12-е, 23:59"}),
            ("state=open&opened_from=2026-11-10", {"13-е"}),
            ("state=&opened_from=2026-11-14", set()),
        ]
        for query, expected in table:
            with self.subTest(query):
                self.assertEqual(self.titles(query), expected)

    def test_a_bad_date_is_left_out(self) -> None:
        # The form is invalid: the list falls back to the open incidents, whatever the state.
        self.assertEqual(self.titles("state=&opened_from=завтра"), {"9-е, 23:59", "13-е"})

    def test_filter_bar_has_date_inputs(self) -> None:
        response = self.client.get("/incidents/?state=&opened_from=2026-11-10")
        self.assertContains(response, "Создан с")
        self.assertContains(response, "Закрыт по")
        self.assertContains(
            response, '<input type="date" name="opened_from" value="2026-11-10"', html=False
        )
