"""Channel secrets: encrypted at rest with a key derived from the secret key, plain to the
adapters, write-only in the admin, and a wrong key is a Russian message, not a crash."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.db import connection, models
from django.db.models import Value
from django.test import override_settings
from django.urls import reverse

from otklik.sources.crypto import UnreadableSecrets
from otklik.sources.models import SourceCredential
from otklik.sources.vk.tests.helpers import SECRET, TOKEN, fixture, make_source, post_event
from otklik.testing.base import BaseTestCase

MIGRATION = importlib.import_module("otklik.sources.migrations.0005_encrypt_channel_secrets")


def stored_text(credential: SourceCredential) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT secrets FROM sources_sourcecredential WHERE id = %s", [credential.pk]
        )
        return str(cursor.fetchone()[0])


class EncryptedAtRestTest(BaseTestCase):
    def setUp(self) -> None:
        self.source = make_source()
        self.credential = SourceCredential.objects.get(source=self.source)

    def test_the_database_holds_no_secret_in_plain_text(self) -> None:
        text = stored_text(self.credential)
        self.assertIn("fernet", text)
        for plain in (SECRET, TOKEN, "aaQ13"):
            self.assertNotIn(plain, text)
        self.credential.refresh_from_db()
        self.assertEqual(self.credential.secrets["token"], TOKEN)
        self.assertEqual(post_event(self.client, fixture("wall_reply_new")).content, b"ok")

    def test_the_migration_encrypts_rows_written_in_plain_text(self) -> None:
        plain = Value({"token": "plain-token-123"}, output_field=models.JSONField())
        SourceCredential.objects.filter(pk=self.credential.pk).update(secrets=plain)
        self.assertIn("plain-token-123", stored_text(self.credential))
        MIGRATION.encrypt_secrets(apps, None)
        self.assertNotIn("plain-token-123", stored_text(self.credential))
        self.assertEqual(
            SourceCredential.objects.get(pk=self.credential.pk).secrets,
            {"token": "plain-token-123"},
        )

    def test_a_wrong_key_reads_as_unreadable_and_keeps_the_ciphertext(self) -> None:
        sealed = stored_text(self.credential)
        with override_settings(SECRET_KEY="another-key-entirely"):
            credential = SourceCredential.objects.get(pk=self.credential.pk)
            self.assertIsInstance(credential.secrets, UnreadableSecrets)
            self.assertEqual(dict(credential.secrets), {})
            self.assertIn("OTKLIK_SECRET_KEY", credential.secrets.error)
            credential.save()  # e.g. the expiry changed: the secrets are not lost
            self.assertEqual(post_event(self.client, fixture("wall_reply_new")).status_code, 403)
        self.assertEqual(stored_text(self.credential), sealed)
        self.assertEqual(
            SourceCredential.objects.get(pk=self.credential.pk).secrets["token"], TOKEN
        )

    def test_a_fallback_key_still_decrypts_and_the_next_save_uses_the_new_key(self) -> None:
        from django.conf import settings

        old = settings.SECRET_KEY
        with override_settings(SECRET_KEY="the-new-key", SECRET_KEY_FALLBACKS=[old]):
            credential = SourceCredential.objects.get(pk=self.credential.pk)
            self.assertEqual(credential.secrets["token"], TOKEN)
            credential.save()
        with override_settings(SECRET_KEY="the-new-key"):
            self.assertEqual(
                SourceCredential.objects.get(pk=self.credential.pk).secrets["token"], TOKEN
            )


class WriteOnlyAdminTest(BaseTestCase):
    def setUp(self) -> None:
        self.source = make_source()
        self.credential = SourceCredential.objects.get(source=self.source)
        self.login(self.admin)
        self.url = reverse("admin:sources_sourcecredential_change", args=[self.credential.pk])

    def test_the_form_never_shows_a_secret(self) -> None:
        for url in (self.url, reverse("admin:sources_sourcecredential_changelist")):
            html = self.client.get(url).content.decode()
            for plain in (SECRET, TOKEN, "3d7f21a9"):
                self.assertNotIn(plain, html, url)
        html = self.client.get(self.url).content.decode()
        self.assertIn('type="password" name="secret__token"', html)
        self.assertIn("задан; оставьте пустым, чтобы не менять", html)

    def test_empty_keeps_the_stored_value_and_a_new_value_replaces_it(self) -> None:
        form = {"source": self.source.pk, "expires_at_0": "", "expires_at_1": ""}
        response = self.client.post(self.url, {**form, "secret__token": ""})
        self.assertEqual(response.status_code, 302)
        self.credential.refresh_from_db()
        self.assertEqual(self.credential.secrets["token"], TOKEN)
        self.assertEqual(self.credential.secrets["secret"], SECRET)
        self.client.post(self.url, {**form, "secret__token": "vk1.a.rotated"})
        self.credential.refresh_from_db()
        self.assertEqual(self.credential.secrets["token"], "vk1.a.rotated")
        self.assertEqual(self.credential.secrets["secret"], SECRET)

    def test_a_wrong_key_shows_a_russian_reason_not_an_error_page(self) -> None:
        with override_settings(SECRET_KEY="another-key-entirely"):
            self.login(self.admin)  # sessions are signed with the key too
            response = self.client.get(reverse("admin:sources_sourcecredential_changelist"))
            self.assertContains(response, "не расшифровываются")
            self.assertEqual(self.client.get(self.url).status_code, 200)
            self.assertEqual(self.client.get("/sources/health/").status_code, 200)
