"""The spike pages: who sees them, the buttons, the chart, query counts."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from otklik.analytics.actions.spikes import detect_spikes
from otklik.analytics.models import Spike
from otklik.analytics.tests.spike_helpers import NOW, SpikeTestCase


class SpikePagesTest(SpikeTestCase):
    def setUp(self) -> None:
        self.steady_then_burst()
        detect_spikes(NOW)
        self.spike = Spike.objects.get()
        self.detail = f"/analytics/spikes/{self.spike.pk}/"

    def test_executor_and_outsider_get_403(self) -> None:
        for user in (self.executor_a, self.outsider):
            self.login(user)
            for url in ("/analytics/spikes/", self.detail):
                self.assertEqual(self.client.get(url).status_code, 403, (user, url))

    def test_anonymous_goes_to_login(self) -> None:
        self.assertEqual(self.client.get("/analytics/spikes/").status_code, 302)

    def test_the_list_shows_series_size_and_local_time(self) -> None:
        self.login(self.analyst)
        page = self.client.get("/analytics/spikes/").content.decode()
        self.assertIn("Отопление — Центральный", page)
        self.assertIn("Новый", page)
        self.assertIn("— 15:00", page)  # the window's end in the city's time: 08:00 UTC

    def test_the_card_has_the_chart_messages_post_and_buttons(self) -> None:
        self.login(self.moderator)
        page = self.client.get(self.detail).content.decode()
        self.assertIn("<svg", page)
        self.assertIn("Холодные батареи в квартире", page)
        self.assertIn(f"/plan/{self.spike.post_id}/", page)
        self.assertIn("Принято", page)
        self.assertIn("Ложная тревога", page)

    def test_the_analyst_sees_no_buttons_and_cannot_decide(self) -> None:
        self.login(self.analyst)
        self.assertNotIn("Ложная тревога</button>", self.client.get(self.detail).content.decode())
        response = self.client.post(f"{self.detail}dismiss/")
        self.assertEqual(response.status_code, 403)

    def test_buttons_set_the_state(self) -> None:
        self.login(self.moderator)
        for decision, state in (("acknowledge", "acknowledged"), ("dismiss", "dismissed")):
            self.client.post(f"{self.detail}{decision}/")
            self.spike.refresh_from_db()
            self.assertEqual(self.spike.state, state)
            self.assertEqual(self.spike.decided_by, self.moderator)

    def test_decide_is_post_only(self) -> None:
        self.login(self.moderator)
        self.assertEqual(self.client.get(f"{self.detail}dismiss/").status_code, 405)

    def test_queries_stay_constant_as_spikes_grow(self) -> None:
        self.login(self.moderator)
        self.client.get("/analytics/spikes/")
        before = self._queries("/analytics/spikes/")
        for n in range(5):
            Spike.objects.create(
                series_key=f"c{n}:t-",
                category=self.category,
                territory=self.territory_b,
                window_start=NOW,
                window_end=NOW,
                observed=9,
                expected=1.0,
                p_value=1e-6,
            )
        self.assertEqual(self._queries("/analytics/spikes/"), before)

    def test_card_queries_do_not_grow_with_messages(self) -> None:
        self.login(self.moderator)
        self.client.get(self.detail)
        before = self._queries(self.detail)
        self.spike.messages.add(*self.spike.messages.model.objects.all()[:40])
        self.assertEqual(self._queries(self.detail), before)

    def _queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            self.client.get(url)
        return len(captured)
