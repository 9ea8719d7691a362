"""The triage models page names heads, versions and corrections as a person reads them."""

from __future__ import annotations

from datetime import UTC, datetime

from django.urls import reverse

from otklik.suggestions.models import Correction, ModelVersion
from otklik.testing.base import BaseTestCase
from tests.visible import visible_text


class ModelsPageTests(BaseTestCase):
    def test_russian_heads_human_version_and_named_corrections(self) -> None:
        ModelVersion.objects.create(
            version="20261128-121819-574d21ce",
            path="/nonexistent",
            created_at=datetime(2026, 11, 28, 12, 18, 19, tzinfo=UTC),
            holdout={"category": {"accuracy": 0.8765, "macro_f1": 0.5}, "examples": 40},
            is_active=True,
        )
        message = self.message()
        Correction.objects.create(
            message=message, field="department", suggested="dept-a", chosen="dept-b"
        )
        Correction.objects.create(message=message, field="actionable", suggested="1", chosen="0")
        self.login(self.moderator)
        text = visible_text(self.client.get(reverse("model-versions")).content.decode())
        self.assertIn("28 ноября 2026, 19:18", text)  # Asia/Tomsk, UTC+7
        for label in ("группа тем", "тема", "подразделение", "обращение", "тональность"):
            self.assertIn(label, text)
        for code in ("category_group", "macro_f1", "department:", "actionable"):
            self.assertNotIn(code, text)
        self.assertIn("0,88 / 0,50", text)
        self.assertIn("подразделение «Управление ЖКХ» → «Управление дорог»", text)
        self.assertIn("обращение «обращение» → «не обращение»", text)
