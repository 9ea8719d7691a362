"""The address django-axes records: a parsed client address or None, never «unknown» (which
PostgreSQL's address column refuses, failing every sign-in without one)."""

from __future__ import annotations

from django.test import RequestFactory, SimpleTestCase, override_settings

from otklik.accounts.addresses import login_address

CASES = [
    ("203.0.113.7", "203.0.113.7"),
    ("2001:db8::1", "2001:db8::1"),
    ("", None),  # a Unix socket behind nginx
    ("unknown", None),
]


class LoginAddressTests(SimpleTestCase):
    def test_table(self) -> None:
        for remote, expected in CASES:
            request = RequestFactory().get("/login/", REMOTE_ADDR=remote)
            with self.subTest(remote=remote):
                self.assertEqual(login_address(request), expected)

    @override_settings(TRUSTED_PROXIES=("127.0.0.1",))
    def test_through_a_trusted_proxy(self) -> None:
        request = RequestFactory().get(
            "/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4"
        )
        self.assertEqual(login_address(request), "198.51.100.4")
