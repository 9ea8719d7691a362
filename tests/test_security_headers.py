"""Security headers: a Content-Security-Policy on every page, HSTS behind HTTPS."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.test import override_settings

from otklik.testing.base import BaseTestCase


class ContentSecurityPolicyTest(BaseTestCase):
    def policy(self, url: str) -> dict[str, str]:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        header = response.headers.get("Content-Security-Policy", "")
        return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())

    def assert_strict(self, url: str) -> None:
        policy = self.policy(url)
        self.assertEqual(policy.get("default-src"), "'self'", url)
        self.assertEqual(policy.get("frame-ancestors"), "'none'", url)
        self.assertNotIn("unsafe-inline", str(policy), url)

    def test_login_and_the_public_form(self) -> None:
        self.assert_strict("/login/")
        self.assert_strict("/report/")

    def test_the_inbox(self) -> None:
        self.login(self.moderator)
        self.assert_strict("/inbox/")

    def test_the_webhooks_and_the_health_check_too(self) -> None:
        response = self.client.get("/healthz")
        self.assertIn("default-src 'self'", response.headers.get("Content-Security-Policy", ""))


class StrictTransportSecurityTest(BaseTestCase):
    def test_no_hsts_over_plain_http(self) -> None:
        self.assertNotIn("Strict-Transport-Security", self.client.get("/login/").headers)

    @override_settings(SECURE_HSTS_SECONDS=31_536_000)
    def test_hsts_over_https(self) -> None:
        response = self.client.get("/login/", secure=True)
        self.assertEqual(response.headers["Strict-Transport-Security"], "max-age=31536000")

    def test_secure_cookies_turn_hsts_and_the_proxy_header_on(self) -> None:
        code = (
            "import json, django; django.setup(); from django.conf import settings as s; "
            "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, "
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE]))"
        )
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "otklik.settings"}
        cases = [
            ("1", [31_536_000, ["HTTP_X_FORWARDED_PROTO", "https"], True, True]),
            ("0", [0, None, False, False]),
        ]
        for value, expected in cases:
            env["OTKLIK_SECURE_COOKIES"] = value
            out = subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
            )
            self.assertEqual(json.loads(out.stdout.strip().splitlines()[-1]), expected)
