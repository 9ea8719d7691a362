"""Recorded letters → message records: a table, no network, no database."""

from __future__ import annotations

from datetime import UTC, datetime

from django.test import SimpleTestCase

from otklik.sources.email.parser import load, parse_email, without_attachment_bodies
from otklik.sources.email.tests.helpers import fixture

RECEIVED = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)


class ParseTest(SimpleTestCase):
    def test_table(self) -> None:
        cases = [
            # fixture, external id, thread, parent, text starts, author, subject
            ("plain", "20261126091244.4411@example.ru", "20261126091244.4411@example.ru", "",
             "Здравствуйте!\n\nВ доме по ул. Калинина", "ivanova.m@example.ru", "Нет отопления"),
            ("html_only", "html-only-77@example.org", "html-only-77@example.org", "",
             "Яма на ул. Ленина 5\n«Опасно»", "pavel@example.org", "Yama na doroge"),
            ("multipart_attachment", "reply-with-photo-1@example.net",
             "20261126091244.4411@example.ru", "answer-from-press-9@seversknet.ru",
             "У соседей тоже холодно", "sergey@example.net", "Re: Нет отопления"),
            ("broken_charset", "broken-charset-3@example.com", "broken-charset-3@example.com", "",
             "Прошу починить лифт в доме 7.", "old-client@example.com", "Lift"),
        ]  # fmt: skip
        for name, mid, thread, parent, text, author, subject in cases:
            with self.subTest(name):
                record = parse_email(fixture(name), RECEIVED).record
                self.assertEqual(record.external_id, mid)
                self.assertEqual(record.thread_id, thread)
                self.assertEqual(record.parent_id, parent)
                self.assertTrue(record.text.startswith(text), record.text)
                self.assertEqual((record.author_id, record.contact), (author, author))
                self.assertEqual(record.thread_title, subject)
                self.assertEqual(record.kind, "email")

    def test_html_is_stripped_and_style_dropped(self) -> None:
        text = parse_email(fixture("html_only"), RECEIVED).record.text
        self.assertNotIn("<", text)
        self.assertNotIn("color", text)

    def test_attachment_kept_as_metadata(self) -> None:
        record = parse_email(fixture("multipart_attachment"), RECEIVED).record
        self.assertEqual(record.attachments, [{"type": "file", "filename": "batareya.png",
                         "content_type": "image/png", "size": 1032}])  # fmt: skip
        self.assertNotIn("HTML version", record.text)  # text/plain preferred

    def test_dates_and_fallbacks(self) -> None:
        plain = parse_email(fixture("plain"), RECEIVED).record
        self.assertEqual(plain.created_at, datetime(2026, 11, 26, 2, 12, 44, tzinfo=UTC))
        broken = parse_email(fixture("broken_charset"), RECEIVED).record
        self.assertEqual(broken.created_at, RECEIVED)  # "Date: not a date"

    def test_no_message_id_gets_a_stable_hash(self) -> None:
        raw = b"From: a@example.ru\r\nSubject: x\r\n\r\nbody\r\n"
        first = parse_email(raw, RECEIVED).record.external_id
        self.assertTrue(first.startswith("sha256:"))
        self.assertEqual(first, parse_email(raw, RECEIVED).record.external_id)

    def test_no_headers_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            parse_email(b"", RECEIVED)

    def test_dropping_attachment_bodies_keeps_the_text(self) -> None:
        raw = fixture("multipart_attachment")
        smaller = without_attachment_bodies(raw)
        self.assertLess(len(smaller), len(raw) - 1000)
        record = parse_email(smaller, RECEIVED).record
        self.assertTrue(record.text.startswith("У соседей"))
        self.assertEqual(record.attachments[0]["size"], 0)
        self.assertIsNotNone(load(smaller)["Message-ID"])
