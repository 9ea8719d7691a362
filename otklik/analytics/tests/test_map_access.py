"""Who sees the map: the press service, analysts and administrators everything; an executor
their department's incidents only; an executor without a department and strangers nothing."""

from __future__ import annotations

from otklik.analytics.tests.map_fixture import MapTestCase


class MapAccessTests(MapTestCase):
    def test_staff_roles_open_the_page_and_the_data(self) -> None:
        for user in (self.admin, self.moderator, self.analyst, self.executor_a):
            self.login(user)
            for url in ("/analytics/map/", "/analytics/map/data.json"):
                self.assertEqual(self.client.get(url).status_code, 200, (user.username, url))

    def test_an_executor_sees_only_their_department(self) -> None:
        data = self.data(self.executor_a)
        props = self.props(data)
        self.assertEqual(data["total"], 4)  # dept_a's: two in the centre, one city, one nowhere
        self.assertEqual(props["north"]["count"], 0)
        self.assertEqual(props["samus"]["count"], 0)
        self.assertNotIn("ул. Курчатова", self.points(data))
        other = self.data(self.executor_b)
        self.assertEqual(other["total"], 2)
        self.assertEqual(self.props(other)["center"]["count"], 0)

    def test_an_executor_cannot_choose_another_department(self) -> None:
        self.login(self.executor_a)
        response = self.client.get("/analytics/map/data.json", {"department": self.dept_b.pk})
        self.assertEqual(response.status_code, 400)  # not among their choices

    def test_an_outsider_gets_403(self) -> None:
        self.login(self.outsider)
        for url in ("/analytics/map/", "/analytics/map/data.json"):
            self.assertEqual(self.client.get(url).status_code, 403, url)

    def test_an_anonymous_visitor_is_sent_to_sign_in(self) -> None:
        for url in ("/analytics/map/", "/analytics/map/data.json"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302)
            self.assertIn("/login/", response["Location"])
