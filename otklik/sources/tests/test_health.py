"""The channel health page: administrators only, counts annotated in one query."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from otklik.sources.feeds.tests.helpers import fixture
from otklik.sources.localserver import LocalServer
from otklik.sources.models import InboundPayload, Source, SourceCredential
from otklik.testing.base import BaseTestCase

URL = "/sources/health/"
Status = InboundPayload.Status


@override_settings(ROOT_URLCONF="otklik.sources.tests.health_root_urls")
class HealthPageTest(BaseTestCase):
    def setUp(self) -> None:
        self.feed = Source.objects.create(
            name="news", kind=Source.Kind.FEED, title="Новости",
            last_error="Лента: адрес ленты ответил HTTP 404",
            last_event_at=timezone.now() - timedelta(hours=3),
        )  # fmt: skip
        SourceCredential.objects.create(
            source=self.feed, expires_at=timezone.now() + timedelta(days=2)
        )
        for n, status in enumerate([Status.PENDING, Status.PENDING, Status.PROCESSING,
                                    Status.FAILED, Status.DONE, Status.SKIPPED]):  # fmt: skip
            InboundPayload.objects.create(source=self.feed, external_id=str(n), status=status)
        InboundPayload.objects.create(source=self.source, external_id="x", status=Status.FAILED)

    def test_only_administrators(self) -> None:
        self.assertEqual(self.client.get(URL).status_code, 302)  # to the login page
        for user in (self.moderator, self.analyst, self.executor_a):
            self.login(user)
            self.assertEqual(self.client.get(URL).status_code, 403, user)
            response = self.client.post(f"{URL}news/test/")
            self.assertEqual(response.status_code, 403, user)
        self.login(self.admin)
        self.assertEqual(self.client.get(URL).status_code, 200)

    def test_counts_in_one_query_per_table(self) -> None:
        self.login(self.admin)
        self.client.get(URL)  # warm the session and the user
        with CaptureQueriesContext(connection) as few:
            self.client.get(URL)
        for n in range(5):  # more sources must not mean more queries
            Source.objects.create(name=f"extra{n}", kind=Source.Kind.TELEGRAM)
        with CaptureQueriesContext(connection) as more:
            response = self.client.get(URL)
        self.assertEqual(len(more), len(few))
        sources = [q["sql"] for q in more if '"sources_source"' in q["sql"]]
        self.assertEqual(len(sources), 1)  # sources with counts and credentials, one query
        rows = {row.source.name: row for row in response.context["rows"]}
        feed = rows["news"].source
        self.assertEqual((feed.pending_count, feed.failed_count), (3, 1))
        self.assertEqual(
            (rows["vk-city"].source.pending_count, rows["vk-city"].source.failed_count), (0, 1)
        )
        self.assertTrue(rows["news"].expires_soon)
        self.assertFalse(rows["vk-city"].testable)  # an import is not a channel
        self.assertContains(response, "Лента: адрес ленты ответил HTTP 404")
        self.assertContains(response, "Проверить")
        self.assertContains(response, "истекает")

    def test_last_event_falls_back_to_the_newest_payload(self) -> None:
        # Imported rows (and the demo's data) never set last_event_at; their payloads say when.
        imported = Source.objects.create(name="archive", kind=Source.Kind.IMPORT)
        moment = timezone.now() - timedelta(hours=2)
        for n, at in enumerate([moment - timedelta(days=3), moment]):
            InboundPayload.objects.create(source=imported, external_id=f"r{n}", received_at=at)
        self.login(self.admin)
        response = self.client.get(URL)
        rows = {row.source.name: row for row in response.context["rows"]}
        self.assertEqual(rows["archive"].last_event, moment)
        local = timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")
        self.assertContains(response, local)

    def test_check_button_runs_test_connection(self) -> None:
        self.login(self.admin)
        with LocalServer() as server:
            self.feed.settings = {"url": server.url + "rss.xml"}
            self.feed.save(update_fields=["settings"])
            server.reply("rss.xml", body=fixture("rss_novosti.xml"))
            response = self.client.post(f"{URL}news/test/", follow=True)
            self.assertContains(response, "news: связь есть, лента отвечает: записей 3, о городе 2")
            server.reply("gone.xml", 404, b"")
            self.feed.settings = {"url": server.url + "gone.xml"}
            self.feed.save(update_fields=["settings"])
            response = self.client.post(f"{URL}news/test/", follow=True)
        self.assertContains(response, "news: Лента: адрес ленты ответил HTTP 404")
        self.feed.refresh_from_db()
        self.assertIsNotNone(self.feed.last_error_at)
