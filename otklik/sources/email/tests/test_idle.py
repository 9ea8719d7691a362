"""IMAP IDLE against a local IMAP4rev1 server (imapserver.py) through the real imaplib."""

from __future__ import annotations

import threading
import time
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from otklik.sources.email.adapter import EmailAdapter
from otklik.sources.email.client import IdleUnsupported, Mailbox
from otklik.sources.email.idle import watch
from otklik.sources.email.tests.helpers import fixture, make_source
from otklik.sources.email.tests.imapserver import ImapServer
from otklik.sources.http import AuthError
from otklik.sources.models import InboundPayload, Source


class IdleTestCase(TestCase):
    idle = True

    def setUp(self) -> None:
        self.server = ImapServer(idle=self.idle).__enter__()
        self.addCleanup(self.server.__exit__)
        self.server.add(fixture("plain"))
        self.source = make_source()
        self.source.settings.update(imap_host="127.0.0.1", imap_port=self.server.port,
                                    imap_ssl=False)  # fmt: skip
        self.source.save(update_fields=["settings"])

    def adapter(self) -> EmailAdapter:
        self.source.refresh_from_db()
        return EmailAdapter(self.source)

    def deliver_during_idle(self, name: str = "html_only") -> threading.Thread:
        def deliver() -> None:
            if self.server.idle_started.wait(10):
                self.server.add(fixture(name))

        thread = threading.Thread(target=deliver, daemon=True)
        thread.start()
        return thread


class IdleTest(IdleTestCase):
    def test_new_mail_ends_idle_at_once(self) -> None:
        self.assertEqual(self.adapter().poll(), 1)
        thread = self.deliver_during_idle()
        started = time.monotonic()
        self.assertTrue(self.adapter().idle(timeout=20))
        self.assertLess(time.monotonic() - started, 5)
        thread.join()
        self.assertIn("IDLE", self.server.commands)
        self.assertEqual(self.adapter().poll(), 1)
        self.source.refresh_from_db()
        self.assertEqual(self.source.cursor["uid"], 2)

    def test_timeout_without_mail_leaves_the_session_usable(self) -> None:
        self.adapter().poll()
        with Mailbox(self.adapter().mail_settings()) as box:
            started = time.monotonic()
            self.assertFalse(box.idle(0.3))
            self.assertGreaterEqual(time.monotonic() - started, 0.3)
            self.assertEqual(box.uids_after(0), [1])  # tags and buffer still in step
        self.assertEqual(self.server.commands[-2:], ["UID SEARCH UID 1:*", "LOGOUT"])

    def test_mail_that_came_after_the_last_poll_needs_no_idle(self) -> None:
        self.adapter().poll()
        self.server.add(fixture("html_only"))
        self.assertTrue(self.adapter().idle(timeout=20))
        self.assertNotIn("IDLE", self.server.commands)

    def test_expunged_mail_is_not_taken_for_new(self) -> None:
        self.server.add(fixture("html_only"))
        del self.server.messages[2]  # UIDNEXT stays 3
        self.assertEqual(self.adapter().poll(), 1)
        self.assertFalse(self.adapter().idle(timeout=0.2))

    def test_watch_polls_after_each_idle(self) -> None:
        thread = self.deliver_during_idle()
        stored = watch(self.source, rounds=2, idle_timeout=0.3, interval=0)
        thread.join()
        self.assertEqual(stored, 2)
        self.assertEqual(self.server.commands.count("IDLE"), 2)
        self.assertEqual(InboundPayload.objects.count(), 2)

    def test_mailwatch_command_runs_one_round(self) -> None:
        out = StringIO()
        call_command("mailwatch", "mail", "--once", "--idle-timeout", "0.2", stdout=out)
        self.assertIn("Сохранено писем: 1", out.getvalue())

    def test_refused_login_stops_the_watch_and_shows_on_the_source(self) -> None:
        self.server.password = "changed"
        with self.assertRaises(AuthError):
            watch(self.source, interval=0)
        self.source.refresh_from_db()
        self.assertIn("отклонил вход", self.source.last_error)
        self.assertNotIn("right", self.source.last_error.replace("refused", ""))


class NoIdleTest(IdleTestCase):
    idle = False

    def test_idle_is_refused_and_never_sent(self) -> None:
        self.adapter().poll()
        with self.assertRaises(IdleUnsupported):
            self.adapter().idle(timeout=5)
        self.assertNotIn("IDLE", self.server.commands)
        self.assertIn("CAPABILITY", self.server.commands)  # asked again after login

    def test_watch_falls_back_to_polling(self) -> None:
        server = self.server

        class Stop(threading.Event):
            waits: list[float] = []

            def wait(self, timeout: float | None = None) -> bool:
                self.waits.append(timeout or 0)
                server.add(fixture("html_only"))  # a letter comes between two polls
                return False

        stop = Stop()
        with self.assertLogs("otklik.sources.email", "INFO") as logs:
            stored = watch(self.source, stop, rounds=2, interval=45)
        self.assertEqual((stored, stop.waits), (2, [45, 45]))
        self.assertIn("сервер без IDLE, опрос каждые 45 с", logs.output[0])
        self.assertNotIn("IDLE", self.server.commands)
        self.assertTrue(Source.objects.filter(pk=self.source.pk, last_error="").exists())
