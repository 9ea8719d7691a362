"""A text cut on intake says so on the message card."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.test import override_settings
from django.urls import reverse

from otklik.inbox.models import Message
from otklik.sources.importer import import_file
from otklik.testing.base import BaseTestCase
from tests.visible import visible_text


@override_settings(MAX_MESSAGE_CHARS=60)
class ClippedTextTests(BaseTestCase):
    def test_a_clipped_text_shows_that_it_was_clipped(self) -> None:
        path = Path(tempfile.mkdtemp()) / "long.jsonl"
        long_text = "Нет отопления в доме на Курчатова, " * 10
        path.write_text(
            '{"external_id": "long", "author": "А", "created_at": "2026-11-20T10:00:00", '
            f'"text": "{long_text}"}}\n'
            '{"external_id": "short", "author": "Б", "created_at": "2026-11-20T10:00:00", '
            '"text": "Коротко…"}\n',
            encoding="utf-8",
        )
        import_file(self.source, path)
        clipped, short = (
            Message.objects.get(external_id="long"),
            Message.objects.get(external_id="short"),
        )
        self.assertTrue(clipped.is_clipped)
        self.assertFalse(short.is_clipped)
        self.login(self.moderator)
        card = visible_text(
            self.client.get(reverse("message-detail", args=[clipped.pk])).content.decode()
        )
        self.assertIn("… (текст сокращён: сохранены первые 60 знаков)", card)
        card = visible_text(
            self.client.get(reverse("message-detail", args=[short.pk])).content.decode()
        )
        self.assertNotIn("текст сокращён", card)
