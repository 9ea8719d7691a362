"""Adding and changing a channel from the health page: administrators only, secrets never shown."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from unittest import mock

from django.test import override_settings
from django.utils import timezone

from otklik.sources import actions
from otklik.sources import health_views as views
from otklik.sources.actions import record_error
from otklik.sources.http import RateLimited
from otklik.sources.models import Source, SourceCredential
from otklik.testing.base import BaseTestCase

URL = "/sources/health/"
ADD = "/sources/health/add/"
SECRET, TOKEN = "cb-secret-Zq81", "vk1.a.form-token-never-shown"


def vk_form(**extra: Any) -> dict[str, Any]:
    return {"kind": "vk", "name": "mayor", "title": "Страница Мэра", "group_id": "77",
            "secret": SECRET, "confirmation": "c0nf", "token": TOKEN, "is_mayor_page": "on",
            **extra}  # fmt: skip


@override_settings(ROOT_URLCONF="otklik.sources.tests.health_root_urls")
class AddChannelTest(BaseTestCase):
    def test_only_administrators(self) -> None:
        self.assertEqual(self.client.post(ADD, vk_form()).status_code, 302)  # to the login page
        for user in (self.moderator, self.analyst, self.executor_a):
            self.login(user)
            self.assertEqual(self.client.post(ADD, vk_form()).status_code, 403, user)
        self.assertFalse(Source.objects.filter(name="mayor").exists())

    def test_adds_a_vk_source_and_shows_the_webhook_but_no_secret(self) -> None:
        self.login(self.admin)
        response = self.client.post(ADD, vk_form(poll_interval="0"), follow=True)
        source = Source.objects.get(name="mayor")
        self.assertTrue(source.is_mayor_page)
        self.assertEqual(source.settings["group_id"], 77)
        self.assertEqual(source.credential.secrets["token"], TOKEN)
        self.assertContains(response, "/hooks/vk/mayor/")
        self.assertContains(response, "страница Мэра")
        self.assertContains(response, "<code>secret</code>")
        for secret in (SECRET, TOKEN, "c0nf"):
            self.assertNotContains(response, secret)

    def test_the_page_writes_through_sources_actions(self) -> None:
        self.login(self.admin)
        with (
            mock.patch.object(views, "set_poll_interval", wraps=actions.set_poll_interval) as p,
            mock.patch.object(views, "set_token_expiry", wraps=actions.set_token_expiry) as e,
        ):
            self.client.post(ADD, vk_form(poll_interval="300", expires_on="2030-01-31"))
        source = Source.objects.get(name="mayor")
        p.assert_called_once_with(source, 300)
        self.assertEqual(e.call_count, 1)
        self.assertEqual(source.poll_interval, 300)
        self.assertEqual(source.credential.expires_at.date().isoformat(), "2030-01-31")

    def test_required_settings_per_kind(self) -> None:
        self.login(self.admin)
        response = self.client.post(ADD, vk_form(secret="", group_id=""))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Нужно для этой платформы.", count=2, status_code=400)
        self.assertNotContains(response, TOKEN, status_code=400)  # not echoed on errors either
        response = self.client.post(ADD, {"kind": "feed", "name": "news", "url": "not a url"})
        self.assertEqual(response.status_code, 400)
        response = self.client.post(ADD, {"kind": "sms", "name": "x"})
        self.assertEqual(response.status_code, 400)

    def test_an_update_keeps_stored_secrets(self) -> None:
        self.login(self.admin)
        self.client.post(ADD, vk_form())
        response = self.client.post(
            ADD, vk_form(secret="", confirmation="", token="", expires_on="2030-01-31")
        )
        self.assertEqual(response.status_code, 302)
        credential = SourceCredential.objects.get(source__name="mayor")
        self.assertEqual(credential.secrets["secret"], SECRET)
        self.assertEqual(credential.expires_at.date().isoformat(), "2030-01-31")

    def test_a_name_taken_by_another_kind_is_refused(self) -> None:
        self.login(self.admin)
        response = self.client.post(ADD, vk_form(name="vk-city"))  # an import source
        self.assertContains(response, "уже есть", status_code=400)

    def test_monitoring_is_marked_as_public_posts(self) -> None:
        self.login(self.admin)
        self.assertContains(self.client.get(URL + "?kind=vk"), "персональные данные")
        self.client.post(ADD, vk_form(monitor_keywords="Северск, Самусь"))
        source = Source.objects.get(name="mayor")
        self.assertEqual(source.settings["monitor_keywords"], ["Северск", "Самусь"])
        self.assertContains(self.client.get(URL), "мониторинг публичных постов: Северск, Самусь")

    def test_rate_limit_state_is_shown(self) -> None:
        self.login(self.admin)
        record_error(self.source, RateLimited("vk: daily limit", 3600.0))
        self.source.refresh_from_db()
        until = self.source.cursor["rate_limited_until"]
        self.assertGreater(until, (timezone.now() + timedelta(minutes=59)).isoformat())
        response = self.client.get(URL)
        row = next(r for r in response.context["rows"] if r.source.pk == self.source.pk)
        self.assertIsNotNone(row.rate_limited_until)
        self.assertContains(response, '<span class="badge danger">до ')


def field_names(html: str) -> set[str]:
    """The inputs of the add-channel form (after its heading), without the CSRF token."""
    form = html[html.index('id="add"') :]
    return set(re.findall(r'name="([a-z_]+)"', form)) - {"csrfmiddlewaretoken"}


@override_settings(ROOT_URLCONF="otklik.sources.tests.health_root_urls")
class PlatformFieldsTest(BaseTestCase):
    """No JavaScript: the page asks for the platform, then shows that platform's fields only."""

    def setUp(self) -> None:
        self.login(self.admin)

    def test_first_the_platform(self) -> None:
        page = self.client.get(URL).content.decode()
        self.assertEqual(field_names(page), {"kind"})
        self.assertIn("Выбрать", page)
        self.assertIn("ВКонтакте", page)

    def test_then_only_its_fields(self) -> None:
        for kind, fields in views.FIELDS.items():
            page = self.client.get(URL, {"kind": kind}).content.decode()
            mayor = {"is_mayor_page"} if kind in views.MAYOR_KINDS else set()
            self.assertEqual(field_names(page), {*views.COMMON, *mayor, *fields}, kind)
        telegram = self.client.get(URL, {"kind": "telegram"}).content.decode()
        for other in ("group_id", "imap_host", "secret_key", "monitor_keywords", "url"):
            self.assertNotIn(f'name="{other}"', telegram)
        self.assertIn("Токен бота", telegram)
        self.assertIn("Платформа: Telegram", telegram)

    def test_an_unknown_platform_asks_again(self) -> None:
        page = self.client.get(URL, {"kind": "<script>x</script>"}).content.decode()
        self.assertEqual(field_names(page), {"kind"})
        self.assertNotIn("<script>x", page)

    def test_errors_come_back_with_the_same_platform(self) -> None:
        response = self.client.post(ADD, {"kind": "feed", "name": "news", "url": "not a url"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(field_names(response.content.decode()),
                         {*views.COMMON, "url", "keywords"})  # fmt: skip

    def test_edit_link_fills_settings_never_secrets(self) -> None:
        self.client.post(ADD, vk_form(monitor_keywords="Северск, Самусь"))
        page = self.client.get(URL).content.decode()
        self.assertIn("?kind=vk&amp;name=mayor#add", page)
        form = self.client.get(URL, {"kind": "vk", "name": "mayor"}).content.decode()
        self.assertIn('value="mayor"', form)
        self.assertIn('value="Северск, Самусь"', form)
        for secret in (SECRET, TOKEN, "c0nf"):
            self.assertNotIn(secret, form)
