"""The set-based import (COPY on PostgreSQL, executemany on SQLite) stores the same rows on both
backends, twice the same file adds nothing, and a bad row is kept for review."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

from otklik.inbox.models import Author, Message, Thread
from otklik.sources.actions import process_pending
from otklik.sources.importer import import_file
from otklik.sources.models import InboundPayload
from otklik.testing.base import BaseTestCase

ROWS: list[dict[str, Any]] = [
    {
        "external_id": "1",
        "text": "Нет отопления на Курчатова 11, ЁЛКИ",
        "author": "Иван",
        "author_id": "id1",
        "author_url": "https://vk.com/id1",
        "created_at": "2026-11-20T10:00:00+07:00",
        "thread": "post-2",
        "thread_title": "Отопление",
        "territory": "Центральный",
        "likes": 3,
        "attachments": [{"type": "photo", "url": "https://vk.com/photo1"}],
    },
    {
        "external_id": "2",
        "text": "Яма у школы",
        "author": "Мария",
        "created_at": "2026-11-20T11:00:00",
        "thread": "post-2",
        "thread_title": "Дороги",
        "territory": "t-samus",
        "kind": "post",
        "address": "ул. Ленина, 5",
        "contact": "+7 900 000-00-00",
    },
    {"external_id": "3", "text": "Без даты", "author": "Пётр", "created_at": "вчера"},
    {"external_id": "1", "text": "Повтор в файле", "author": "Иван", "created_at": "1795000000"},
    {
        "external_id": "4",
        "text": "Мусор",
        "author": "Иван",
        "author_id": "id1",
        "created_at": "1795000000",
    },
]

#: What both backends must store: (external id, kind, author, thread, territory, text, search
#: text, created_at, likes, attachments, address, contact).
MESSAGES = [
    (
        "1",
        "comment",
        "id1",
        "post-2",
        "t-center",
        "Нет отопления на Курчатова 11, ЁЛКИ",
        "нет отопления на курчатова 11, елки",
        "2026-11-20T03:00:00+00:00",
        3,
        [{"type": "photo", "url": "https://vk.com/photo1"}],
        "",
        "",
    ),
    (
        "2",
        "post",
        "Мария",
        "post-2",
        "t-samus",
        "Яма у школы",
        "яма у школы",
        "2026-11-20T04:00:00+00:00",
        0,
        [],
        "ул. Ленина, 5",
        "+7 900 000-00-00",
    ),
    (
        "4",
        "comment",
        "id1",
        None,
        None,
        "Мусор",
        "мусор",
        "2026-11-18T11:06:40+00:00",
        0,
        [],
        "",
        "",
    ),
]


class BulkImportTests(BaseTestCase):
    def setUp(self) -> None:
        self.path = Path(tempfile.mkdtemp()) / "rows.jsonl"
        lines = [json.dumps(row, ensure_ascii=False) for row in ROWS]
        self.path.write_text("\n".join([*lines, "{не json"]), encoding="utf-8")

    def stored(self) -> dict[str, Any]:
        messages = Message.objects.select_related("author", "thread", "territory", "payload")
        return {
            "messages": [
                (
                    m.external_id,
                    m.kind,
                    m.author.external_id if m.author else None,
                    m.thread.external_id if m.thread else None,
                    m.territory.code if m.territory else None,
                    m.text,
                    m.search_text,
                    m.created_at.isoformat(),
                    m.likes,
                    m.attachments,
                    m.address_text,
                    m.contact,
                )
                for m in messages.order_by("external_id")
            ],
            "payload_of": sorted(
                (m.external_id, m.payload.external_id, m.payload.status) for m in messages
            ),
            "authors": sorted(
                Author.objects.values_list("external_id", "display_name", "profile_url")
            ),
            "threads": sorted(Thread.objects.values_list("external_id", "title")),
            "payloads": sorted(
                InboundPayload.objects.values_list("external_id", "status", "event_type")
            ),
        }

    def test_same_rows_on_every_backend_and_a_replay_adds_nothing(self) -> None:
        report = import_file(self.source, self.path)
        self.assertEqual((report.new, report.duplicate, report.rejected), (3, 1, 2))
        first = self.stored()
        self.assertEqual(first["messages"], MESSAGES)
        # An author or a thread named twice in one batch: the last row wins, as with the ORM.
        self.assertEqual(first["authors"], [("id1", "Иван", ""), ("Мария", "Мария", "")])
        self.assertEqual(first["threads"], [("post-2", "Дороги")])
        self.assertEqual(
            first["payload_of"], [("1", "1", "done"), ("2", "2", "done"), ("4", "4", "done")]
        )
        self.assertEqual(InboundPayload.objects.get(external_id="1").body["author"], "Иван")
        replay = import_file(self.source, self.path)
        self.assertEqual((replay.new, replay.duplicate, replay.rejected), (0, 4, 2))
        self.assertEqual(self.stored(), first)

    def test_a_bad_row_is_kept_for_review_with_a_russian_reason(self) -> None:
        report = import_file(self.source, self.path)
        self.assertIn((3, "created_at — не дата и время ISO 8601: 'вчера'"), report.reasons)
        kept = InboundPayload.objects.get(external_id="3")
        self.assertEqual(kept.status, InboundPayload.Status.FAILED)
        self.assertEqual(kept.body["text"], "Без даты")
        self.assertIn("строка 3: created_at — не дата и время", kept.error)
        broken = InboundPayload.objects.get(external_id__startswith="rejected:")
        self.assertIn("не JSON", broken.error)
        self.assertFalse(Message.objects.filter(external_id="3").exists())

    def test_rows_stay_pending_for_the_worker_when_storing_messages_fails(self) -> None:
        with (
            mock.patch("otklik.inbox.actions.write_rows", side_effect=RuntimeError("сбой")),
            self.assertRaises(RuntimeError),
        ):
            import_file(self.source, self.path)
        self.assertFalse(Message.objects.exists())
        pending = InboundPayload.objects.filter(status=InboundPayload.Status.PENDING)
        self.assertEqual(sorted(pending.values_list("external_id", flat=True)), ["1", "2", "4"])
        self.assertEqual(process_pending(), 3)
        replay = import_file(self.source, self.path)
        self.assertEqual((replay.new, replay.duplicate, replay.rejected), (0, 4, 2))
        self.assertEqual(self.stored()["messages"], MESSAGES)
