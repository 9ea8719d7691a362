"""Exports of personal data are recorded; administrators see the acts and the audit."""

from __future__ import annotations

import io
from pathlib import Path
from tempfile import TemporaryDirectory
from unittest import mock

from django.core.management import call_command
from django.urls import reverse

from otklik.privacy.models import AuditEntry, RetentionAct
from otklik.testing.base import BaseTestCase


class ExportAuditTest(BaseTestCase):
    def test_cli_export_records_os_user(self) -> None:
        self.message("Нет света")
        with mock.patch("otklik.privacy.actions.audit.getpass.getuser", return_value="ivanov"):
            call_command("export", "messages", "--format", "csv", stdout=io.StringIO())
        entry = AuditEntry.objects.get()
        self.assertEqual(
            (entry.who, entry.channel, entry.what, entry.format, entry.rows),
            ("ivanov", "cli", "messages", "csv", 1),
        )
        self.assertEqual(entry.destination, "стандартный вывод")

    def test_cli_export_as_and_to_file(self) -> None:
        with TemporaryDirectory() as tmp:
            out = Path(tmp, "incidents.jsonl")
            call_command("export", "incidents", "--output", str(out), "--as", "petrova")
        entry = AuditEntry.objects.get()
        self.assertEqual((entry.who, entry.what, entry.rows), ("petrova", "incidents", 0))
        self.assertEqual(entry.destination, str(out))


class PagesTest(BaseTestCase):
    def test_only_administrators(self) -> None:
        for name in ("privacy-acts", "privacy-acts-csv", "privacy-exports"):
            self.login(self.moderator)
            self.assertEqual(self.client.get(reverse(name)).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(reverse("privacy-acts")).status_code, 302)

    def test_acts_page_and_csv_download_recorded(self) -> None:
        from django.utils import timezone

        RetentionAct.objects.create(
            performed_by="задача worker",
            period_days=1095,
            cutoff=timezone.now(),
            criteria="…",
            counts={"messages": 3},
        )
        self.login(self.admin)
        page = self.client.get(reverse("privacy-acts"))
        self.assertContains(page, "messages: 3")
        response = self.client.get(reverse("privacy-acts-csv"))
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("номер акта", response.content.decode())
        entry = AuditEntry.objects.get()
        self.assertEqual((entry.user, entry.channel, entry.rows), (self.admin, "web", 1))
        self.assertContains(self.client.get(reverse("privacy-exports")), "retention-acts")
