"""The e-mail adapter over fake imaplib / smtplib objects (see fakes.py), and the worker."""

from __future__ import annotations

import logging
from email import message_from_bytes, policy
from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings

from otklik.inbox.models import Message
from otklik.sources.actions import process_pending
from otklik.sources.email.adapter import EmailAdapter
from otklik.sources.email.tests.fakes import FakeImap, FakeSmtp
from otklik.sources.email.tests.helpers import fixture, make_source
from otklik.sources.http import AuthError, ChannelError
from otklik.sources.models import InboundPayload, Source


class MailboxTest(TestCase):
    def setUp(self) -> None:
        self.imap, self.smtp = FakeImap(), FakeSmtp()
        self.source = make_source()
        for name in ("plain", "html_only"):
            self.imap.add(fixture(name))

    def adapter(self) -> EmailAdapter:
        self.source.refresh_from_db()
        return EmailAdapter(self.source, imap_factory=self.imap, smtp_factory=self.smtp)

    def test_poll_moves_the_uid_cursor_and_never_doubles(self) -> None:
        self.assertEqual(self.adapter().poll(), 2)
        self.assertEqual(self.adapter().poll(), 0)  # "UID 3:*" still answers UID 2
        self.imap.add(fixture("multipart_attachment"))
        self.assertEqual(self.adapter().poll(), 1)
        self.source.refresh_from_db()
        self.assertEqual(self.source.cursor, {"uidvalidity": 1700000001, "uid": 3})
        self.assertIn(("EXAMINE", "INBOX"), self.imap.commands)  # read-only: flags untouched
        fetches = [c for c in self.imap.commands if c[:2] == ("UID", "FETCH")]
        self.assertEqual([c[2] for c in fetches], ["1", "2", "3"])
        self.assertTrue(all(c[3] == "(BODY.PEEK[])" for c in fetches))
        process_pending()
        self.assertEqual(Message.objects.count(), 3)
        reply = Message.objects.select_related("thread").get(
            external_id="reply-with-photo-1@example.net"
        )
        first = Message.objects.select_related("thread").get(
            external_id="20261126091244.4411@example.ru"
        )
        self.assertEqual(reply.thread_id, first.thread_id)
        self.assertEqual(reply.attachments[0]["filename"], "batareya.png")

    def test_new_uidvalidity_rereads_without_duplicates(self) -> None:
        self.adapter().poll()
        self.imap.uidvalidity = 1800000000  # the mailbox was recreated
        self.assertEqual(self.adapter().poll(), 0)  # re-read, deduplicated on Message-ID
        self.source.refresh_from_db()
        self.assertEqual(self.source.cursor["uidvalidity"], 1800000000)

    def test_empty_mailbox_stores_the_cursor(self) -> None:
        self.imap.messages.clear()
        self.assertEqual(self.adapter().poll(), 0)
        self.source.refresh_from_db()
        self.assertEqual(self.source.cursor, {"uidvalidity": 1700000001, "uid": 0})

    @override_settings(MAX_PAYLOAD_BYTES=1500)
    def test_huge_letter_is_stored_without_attachment_bodies(self) -> None:
        self.imap.messages = {1: fixture("multipart_attachment")}
        self.adapter().poll()
        payload = InboundPayload.objects.get()
        self.assertEqual(payload.status, InboundPayload.Status.PENDING)
        self.assertEqual(payload.body["attachments"][0]["size"], 1032)
        process_pending()
        self.assertEqual(Message.objects.get().attachments[0]["size"], 1032)

    def test_wrong_password_stops_and_is_not_logged(self) -> None:
        self.imap.password = "other"
        with self.assertLogs("otklik", logging.DEBUG) as logs:
            logging.getLogger("otklik.sources").warning("marker")
            with self.assertRaisesRegex(AuthError, "AUTHENTICATIONFAILED") as caught:
                self.adapter().poll()
        self.assertNotIn("right", str(caught.exception) + "\n".join(logs.output))
        self.assertEqual(self.imap.logged_out, 1)

    def test_reply_goes_out_in_the_same_thread(self) -> None:
        self.imap.add(fixture("multipart_attachment"))
        self.adapter().poll()
        process_pending()
        new_id = self.adapter().publish_reply(
            "20261126091244.4411@example.ru", "Бригада выехала.", "reply-with-photo-1@example.net"
        )
        sent = self.smtp.sent[0]
        self.assertEqual(sent["To"], "sergey@example.net")
        self.assertEqual(sent["From"], "press@seversknet.ru")
        self.assertEqual(sent["Subject"], "Re: Нет отопления")
        self.assertEqual(sent["In-Reply-To"], "<reply-with-photo-1@example.net>")
        chain = ["20261126091244.4411@example.ru", "answer-from-press-9@seversknet.ru",
                 "reply-with-photo-1@example.net"]  # fmt: skip
        self.assertEqual(sent["References"], " ".join(f"<{ref}>" for ref in chain))
        self.assertEqual(sent["Message-ID"], f"<{new_id}>")
        self.assertTrue(new_id.endswith("@seversknet.ru"))
        wire = message_from_bytes(sent.as_bytes(), policy=policy.default)
        self.assertEqual(wire.get_content().strip(), "Бригада выехала.")
        self.assertEqual(self.smtp.calls, ["LOGIN", "QUIT"])

    def test_reply_to_a_thread_answers_its_first_letter(self) -> None:
        self.adapter().poll()
        process_pending()
        self.adapter().publish_reply("20261126091244.4411@example.ru", "Ответ")
        sent = self.smtp.sent[0]
        self.assertEqual(sent["To"], "ivanova.m@example.ru")
        self.assertEqual(sent["References"], "<20261126091244.4411@example.ru>")

    def test_smtp_refusal_and_unknown_thread(self) -> None:
        self.adapter().poll()
        process_pending()
        self.smtp.password = "other"
        with self.assertRaisesRegex(AuthError, "535"):
            self.adapter().publish_reply("20261126091244.4411@example.ru", "Ответ")
        with self.assertRaisesRegex(ChannelError, "нет сохранённого письма"):
            self.adapter().publish_reply("nothing@example.ru", "Ответ")

    def test_test_connection(self) -> None:
        self.assertEqual(self.adapter().test_connection(),
                         "IMAP INBOX: писем 2 (UIDVALIDITY 1700000001)")  # fmt: skip


class CliTest(TestCase):
    def test_add_stores_the_password_apart(self) -> None:
        out = StringIO()
        call_command(
            "source", "add", "email", "--name", "mail", "--imap-host", "imap.example.ru",
            "--username", "press@seversknet.ru", "--password", "pa55word",
            "--smtp-host", "smtp.example.ru", "--smtp-security", "starttls", "--smtp-port", "587",
            stdout=out,
        )  # fmt: skip
        source = Source.objects.get(name="mail")
        self.assertEqual(source.settings["smtp_port"], 587)
        self.assertEqual(source.settings["smtp_security"], "starttls")
        self.assertEqual(source.credential.secrets, {"password": "pa55word"})
        self.assertNotIn("pa55word", out.getvalue())
        self.assertNotIn("Webhook", out.getvalue())
