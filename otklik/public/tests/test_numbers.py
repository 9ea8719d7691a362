"""The resident's reference is a human number (СВ-2026-000123), and old hex links still work."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from django.core.cache import cache
from django.test import Client, override_settings

from otklik.answers.models import FormTicket
from otklik.cities.config import load_city_config
from otklik.public.numbers import city_prefix, ticket_number
from otklik.testing.base import BaseTestCase

TEXT = "Во дворе дома Ленина 5 не вывезли мусор"
NUMBER = re.compile(r"СВ-\d{4}-\d{6}")


class HumanNumberTest(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()

    def test_thanks_and_status_show_the_number_not_hex(self) -> None:
        response = self.client.post("/report/", {"text": TEXT}, follow=True)
        ticket = FormTicket.objects.get()
        number = ticket_number(ticket)
        self.assertRegex(number, NUMBER)
        self.assertTrue(number.endswith(f"-{ticket.pk:06d}"))
        self.assertContains(response, number)
        self.assertNotContains(response, ticket.reference[:12])
        status = Client().get(f"/report/status/{ticket.token}/")
        self.assertContains(status, number)
        self.assertNotContains(status, ticket.reference[:12])

    def test_the_old_hex_thanks_link_still_opens_and_names_the_report(self) -> None:
        self.client.post("/report/", {"text": TEXT})
        ticket = FormTicket.objects.get()
        response = Client().get(f"/report/thanks/{ticket.reference[:12]}/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, ticket_number(ticket))
        self.assertNotContains(response, ticket.token)  # no status link without the session
        self.assertEqual(Client().get("/report/thanks/0123456789ab/").status_code, 200)

    def test_the_year_is_the_citys_and_the_prefix_comes_from_the_city_file(self) -> None:
        ticket = FormTicket(pk=123, created_at=datetime(2025, 12, 31, 18, 0, tzinfo=UTC))
        self.assertEqual(ticket_number(ticket), "СВ-2026-000123")  # already 1 January in Tomsk
        with override_settings(CITY=load_city_config("example-town")):
            self.assertEqual(city_prefix(), "ПР")
