"""Sign-in throttling: five wrong passwords lock that login from that address, with a Russian
message and an audit line; other logins and addresses are not affected."""

from __future__ import annotations

from django.test import Client, override_settings

from otklik.accounts.addresses import client_address
from otklik.testing.base import BaseTestCase

PASSWORD = "Верный-пароль-42"


class SignInThrottleTest(BaseTestCase):
    def setUp(self) -> None:
        for user in (self.admin, self.moderator):
            user.set_password(PASSWORD)
            user.save()

    def sign_in(self, username: str, password: str, address: str) -> object:
        client = Client(REMOTE_ADDR=address)
        response = client.post("/login/", {"username": username, "password": password})
        response.signed_in = "_auth_user_id" in client.session  # type: ignore[attr-defined]
        return response

    def test_five_failures_lock_the_login_from_that_address(self) -> None:
        name = self.admin.username
        with self.assertLogs("otklik.audit", "WARNING") as audit:
            for _ in range(5):
                self.assertFalse(self.sign_in(name, "wrong", "10.0.0.1").signed_in)
            refused = self.sign_in(name, PASSWORD, "10.0.0.1")
        self.assertFalse(refused.signed_in)
        self.assertEqual(refused.status_code, 429)
        self.assertContains(refused, "Слишком много неудачных попыток входа", status_code=429)
        self.assertContains(refused, "15 мин", status_code=429)
        self.assertTrue(any("заблокирован" in line and "10.0.0.1" in line for line in audit.output))
        # another address, and another login from the same address, still sign in
        self.assertTrue(self.sign_in(name, PASSWORD, "10.0.0.2").signed_in)
        self.assertTrue(self.sign_in(self.moderator.username, PASSWORD, "10.0.0.1").signed_in)

    def test_four_failures_then_the_right_password_signs_in_and_resets(self) -> None:
        name = self.admin.username
        for _ in range(4):
            self.sign_in(name, "wrong", "10.0.0.3")
        self.assertTrue(self.sign_in(name, PASSWORD, "10.0.0.3").signed_in)
        for _ in range(4):
            self.sign_in(name, "wrong", "10.0.0.3")
        self.assertTrue(self.sign_in(name, PASSWORD, "10.0.0.3").signed_in)

    def test_the_admin_sign_in_is_throttled_too(self) -> None:
        client = Client(REMOTE_ADDR="10.0.0.4")
        for _ in range(5):
            client.post("/admin/login/", {"username": self.admin.username, "password": "x"})
        response = client.post(
            "/admin/login/", {"username": self.admin.username, "password": PASSWORD}
        )
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", client.session)

    @override_settings(TRUSTED_PROXIES=["127.0.0.1"])
    def test_behind_a_trusted_proxy_the_forwarded_address_counts(self) -> None:
        name = self.admin.username
        for _ in range(5):
            Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").post(
                "/login/", {"username": name, "password": "wrong"}
            )
        other = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10")
        other.post("/login/", {"username": name, "password": PASSWORD})
        self.assertIn("_auth_user_id", other.session)


class ClientAddressTest(BaseTestCase):
    def address(self, remote: str, forwarded: str | None = None) -> str:
        meta = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            meta["HTTP_X_FORWARDED_FOR"] = forwarded
        request = Client().get("/").wsgi_request
        request.META.update(meta)
        return client_address(request)

    def test_forwarded_for_is_ignored_without_trusted_proxies(self) -> None:
        self.assertEqual(self.address("198.51.100.7", "1.2.3.4"), "198.51.100.7")

    @override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "::1"])
    def test_forwarded_for_is_read_from_the_right_past_trusted_hops(self) -> None:
        self.assertEqual(self.address("10.1.1.1", "6.6.6.6, 203.0.113.5, 10.2.2.2"), "203.0.113.5")
        self.assertEqual(self.address("::1", "203.0.113.6"), "203.0.113.6")
        self.assertEqual(self.address("198.51.100.7", "203.0.113.5"), "198.51.100.7")
        self.assertEqual(self.address("10.1.1.1", "not-an-address"), "10.1.1.1")
        self.assertEqual(self.address("10.1.1.1"), "10.1.1.1")
