"""otklik source add / test / poll, for a feed."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from otklik.sources.feeds.tests.helpers import fixture
from otklik.sources.localserver import LocalServer
from otklik.sources.models import InboundPayload, Source


def run(*args: str) -> str:
    out = StringIO()
    call_command("source", *args, stdout=out)
    return out.getvalue()


class SourceCommandTest(TestCase):
    def test_add_test_and_poll(self) -> None:
        with LocalServer() as server:
            url = server.url + "rss.xml"
            out = run("add", "feed", "--name", "news", "--url", url, "--keywords", "Томск, ")
            self.assertIn("Канал feed news добавлен", out)
            self.assertNotIn("Адрес вебхука", out)
            source = Source.objects.get(name="news")
            self.assertEqual(source.settings, {"url": url, "keywords": ["Томск"]})
            server.reply("rss.xml", body=fixture("rss_novosti.xml"))
            self.assertIn(
                "news: связь есть, лента отвечает: записей 3, о городе 1", run("test", "news")
            )
            self.assertIn("news: новых пакетов: 1", run("poll", "news"))
        self.assertEqual(InboundPayload.objects.get().external_id, "news-184220")
