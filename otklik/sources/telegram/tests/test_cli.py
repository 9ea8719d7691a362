"""otklik source add / test / poll, for Telegram."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from otklik.sources.localserver import LocalServer
from otklik.sources.models import InboundPayload, Source
from otklik.sources.telegram.tests.helpers import TOKEN, WEBHOOK_SECRET, fixture


def run(*args: str) -> str:
    out = StringIO()
    call_command("source", *args, stdout=out)
    return out.getvalue()


class SourceCommandTest(TestCase):
    def test_add_test_and_poll(self) -> None:
        with LocalServer() as server:
            out = run("add", "telegram", "--name", "bot", "--token", TOKEN,
                      "--webhook-secret", WEBHOOK_SECRET, "--base-url", server.url)  # fmt: skip
            self.assertIn("Канал telegram bot добавлен", out)
            self.assertNotIn(TOKEN, out)
            server.reply("getMe", body=fixture("get_me"))
            self.assertIn("bot: связь есть, бот Telegram @otklik_city_bot", run("test", "bot"))
            server.reply("getUpdates", body=fixture("get_updates"))
            self.assertIn("bot: новых пакетов: 2", run("poll", "bot"))
        self.assertEqual(InboundPayload.objects.count(), 2)
        self.assertEqual(Source.objects.get(name="bot").cursor, {"offset": 10003})
