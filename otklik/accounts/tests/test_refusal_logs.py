"""A refused request is one log line: no traceback for a 403 or a suspicious 400."""

from __future__ import annotations

import io
import logging

from django.test import Client

from otklik.accounts.logfilters import NoClientErrorTraceback
from otklik.testing.base import BaseTestCase


def console_handler() -> logging.StreamHandler:
    for handler in logging.getLogger().handlers:
        if any(isinstance(f, NoClientErrorTraceback) for f in handler.filters):
            return handler  # type: ignore[return-value]
    raise AssertionError("the console handler has lost its filter")


class RefusalLogTest(BaseTestCase):
    def test_permission_denied_logs_a_line_without_a_traceback(self) -> None:
        self.login(self.executor_a)
        with self.assertLogs("django.request", "WARNING") as logs:
            self.assertEqual(self.client.get("/inbox/").status_code, 403)
        self.assertTrue(any("Forbidden" in line for line in logs.output))
        self.assertEqual([r for r in logs.records if r.exc_info], [])
        self.assertNotIn("Traceback", "\n".join(logs.output))

    def test_the_console_shows_no_traceback_for_a_bad_host_or_a_403(self) -> None:
        handler = console_handler()
        stream = io.StringIO()
        previous = handler.setStream(stream)
        try:
            self.assertEqual(Client(HTTP_HOST="evil.example").get("/login/").status_code, 400)
            self.login(self.executor_a)
            self.assertEqual(self.client.get("/inbox/").status_code, 403)
        finally:
            handler.setStream(previous)
        text = stream.getvalue()
        self.assertIn("evil.example", text)
        self.assertIn("Forbidden", text)
        self.assertNotIn("Traceback", text)

    def test_server_errors_keep_their_traceback(self) -> None:
        record = logging.LogRecord("django.request", logging.ERROR, "", 0, "boom", (), None)
        record.status_code = 500
        record.exc_info = (ValueError, ValueError("x"), None)
        NoClientErrorTraceback().filter(record)
        self.assertIsNotNone(record.exc_info)
