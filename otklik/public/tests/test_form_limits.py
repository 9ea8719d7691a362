"""The web form's limits: the rate limit keyed on the resident's address (X-Forwarded-For only
from trusted proxies), counting accepted reports only, and bodies refused before they are read."""

from __future__ import annotations

from django.core.cache import cache
from django.test import Client, override_settings

from otklik.inbox.models import Message
from otklik.testing.base import BaseTestCase

TEXT = "Во дворе дома Ленина 5 не вывезли мусор"


class FormLimitTest(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()

    def post(self, client: Client | None = None, **data: object):
        fields = {"text": TEXT, "address": "Ленина 5", **data}
        return (client or self.client).post("/report/", fields)

    @override_settings(FORM_RATE_LIMIT_PER_HOUR=2, TRUSTED_PROXIES=["127.0.0.1"])
    def test_residents_behind_the_trusted_proxy_have_their_own_limits(self) -> None:
        first = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.1")
        second = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.2")
        self.assertEqual([self.post(first).status_code for _ in range(3)], [302, 302, 429])
        self.assertEqual(self.post(second).status_code, 302)
        self.assertEqual(Message.objects.count(), 3)

    @override_settings(FORM_RATE_LIMIT_PER_HOUR=2)
    def test_forwarded_for_from_anyone_else_changes_nothing(self) -> None:
        clients = [
            Client(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
            for n in range(3)
        ]
        self.assertEqual([self.post(c).status_code for c in clients], [302, 302, 429])

    @override_settings(FORM_RATE_LIMIT_PER_HOUR=2)
    def test_invalid_submissions_do_not_use_up_the_limit(self) -> None:
        for _ in range(5):
            self.assertEqual(self.post(text="яма").status_code, 400)
            self.assertEqual(self.post(contact="me@example.com").status_code, 400)
        self.assertEqual(self.post().status_code, 302)
        self.assertEqual(self.post().status_code, 302)
        self.assertEqual(self.post().status_code, 429)

    def test_a_body_declared_too_large_is_refused_unread(self) -> None:
        # The test client's input raises if more is read than was sent: a 413 proves nothing
        # (neither CSRF nor the upload parser) read the declared 200 MB.
        response = Client(enforce_csrf_checks=True).post(
            "/report/",
            data=b"--x--\r\n",
            content_type="multipart/form-data; boundary=x",
            CONTENT_LENGTH=str(200 * 1024 * 1024),
        )
        self.assertEqual(response.status_code, 413)
        self.assertContains(response, "Отправка слишком большая", status_code=413)
        self.assertContains(response, "5,0\xa0МБ", status_code=413)

    def test_a_chunked_body_is_refused(self) -> None:
        response = self.client.post(
            "/report/",
            data=b"",
            content_type="multipart/form-data; boundary=x",
            CONTENT_LENGTH="",
            HTTP_TRANSFER_ENCODING="chunked",
        )
        self.assertEqual(response.status_code, 411)
        self.assertContains(response, "не сообщил размер", status_code=411)

    @override_settings(FORM_RATE_LIMIT_PER_HOUR=1)
    def test_a_blocked_address_is_refused_before_its_body_is_read(self) -> None:
        self.assertEqual(self.post().status_code, 302)
        strict = Client(enforce_csrf_checks=True)  # as in production: CSRF reads the body
        response = strict.post(  # reading this body would read past what was sent
            "/report/",
            data=b"text=x",
            content_type="application/x-www-form-urlencoded",
            CONTENT_LENGTH=str(4 * 1024 * 1024),
        )
        self.assertEqual(response.status_code, 429)

    def test_csrf_is_still_enforced(self) -> None:
        response = Client(enforce_csrf_checks=True).post("/report/", {"text": TEXT})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Message.objects.exists())
