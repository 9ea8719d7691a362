"""otklik import: raw first, idempotent, bad rows reported and kept."""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.core.management import call_command

from otklik.inbox.models import Message
from otklik.sources.importer import import_file
from otklik.sources.models import InboundPayload, Source
from otklik.testing.base import BaseTestCase

CSV = (
    "external_id,text,author,created_at,url,thread,territory,likes\n"
    "1,Нет отопления на Курчатова 11,Иван,2026-11-20T10:00:00+07:00,https://vk.com/wall-1_2?reply=1,post-2,Центральный,3\n"
    "2,Яма у школы,Мария,2026-11-20T11:00:00,,post-2,,\n"
    "3,,Пётр,2026-11-20T12:00:00+07:00,,,,\n"
    "4,Плохая дата,Пётр,вчера,,,,\n"
)


class ImportTests(BaseTestCase):
    def write(self, name: str, content: str | bytes) -> Path:
        path = Path(self.tmp) / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return path

    def setUp(self) -> None:
        import tempfile

        self.tmp = tempfile.mkdtemp()

    def test_csv_counts_new_and_rejected(self) -> None:
        report = import_file(self.source, self.write("m.csv", CSV))
        self.assertEqual((report.new, report.duplicate, report.rejected), (2, 0, 2))
        reasons = dict(report.reasons)
        self.assertIn("text", reasons[4])
        self.assertIn("created_at", reasons[5])
        first = Message.objects.get(external_id="1")
        self.assertEqual(first.territory, self.territory)
        self.assertEqual(first.likes, 3)
        self.assertEqual(first.thread.external_id, "post-2")
        self.assertEqual(first.created_at.isoformat(), "2026-11-20T03:00:00+00:00")
        naive = Message.objects.get(external_id="2")
        self.assertEqual(naive.created_at.isoformat(), "2026-11-20T04:00:00+00:00")

    def test_reimport_changes_nothing(self) -> None:
        path = self.write("m.csv", CSV)
        import_file(self.source, path)
        before = (Message.objects.count(), InboundPayload.objects.count())
        report = import_file(self.source, path)
        self.assertEqual((report.new, report.duplicate, report.rejected), (0, 2, 2))
        self.assertEqual((Message.objects.count(), InboundPayload.objects.count()), before)

    def test_raw_payload_kept_for_every_row(self) -> None:
        import_file(self.source, self.write("m.csv", CSV))
        done = InboundPayload.objects.filter(status=InboundPayload.Status.DONE)
        failed = InboundPayload.objects.filter(status=InboundPayload.Status.FAILED)
        self.assertEqual(done.count(), 2)
        self.assertEqual(failed.count(), 2)
        self.assertTrue(all("строка" in p.error for p in failed))
        self.assertEqual(done.get(external_id="1").body["author"], "Иван")

    def test_jsonl_with_broken_lines(self) -> None:
        lines = [
            json.dumps(
                {
                    "external_id": "a",
                    "text": "Текст",
                    "author": "A",
                    "created_at": "2026-11-20T10:00:00Z",
                }
            ),
            "{not json",
            b"\xff\xfe broken utf-8".decode("latin-1"),
            json.dumps(
                {
                    "external_id": "a",
                    "text": "Повтор",
                    "author": "A",
                    "created_at": "2026-11-20T10:00:00Z",
                }
            ),
            json.dumps(["not", "an", "object"]),
        ]
        raw = "\n".join(lines).encode("utf-8")
        raw = raw.replace("ÿþ".encode(), b"\xff\xfe")
        report = import_file(self.source, self.write("m.jsonl", raw))
        self.assertEqual(report.new, 1)
        self.assertEqual(report.duplicate, 1)
        self.assertEqual(report.rejected, 3)
        self.assertTrue(any("UTF-8" in reason for _, reason in report.reasons))

    def test_same_external_id_in_other_source_is_not_a_duplicate(self) -> None:
        path = self.write("m.csv", CSV)
        other = Source.objects.create(name="tg", kind=Source.Kind.TELEGRAM)
        import_file(self.source, path)
        self.assertEqual(import_file(other, path).new, 2)

    def test_lone_surrogates_and_nul_are_made_storable(self) -> None:
        line = (
            '{"external_id": "s", "text": "Жалоба \\ud800 \\u0000 конец", '
            '"author": "A", "created_at": "2026-11-20T10:00:00Z"}'
        )
        report = import_file(self.source, self.write("s.jsonl", line))
        self.assertEqual(report.new, 1)
        self.assertEqual(Message.objects.get(external_id="s").text, "Жалоба ?  конец")

    def test_overlong_author_and_thread_ids_still_link(self) -> None:
        row = {
            "external_id": "long",
            "text": "Текст",
            "author": "A",
            "author_id": "a" * 400,
            "thread": "t" * 400,
            "created_at": "2026-11-20T10:00:00Z",
        }
        import_file(self.source, self.write("long.jsonl", json.dumps(row)))
        message = Message.objects.get(external_id="long")
        self.assertEqual(message.author.external_id, "a" * 254 + "…")
        self.assertIsNotNone(message.thread)

    def test_huge_text_is_clipped(self) -> None:
        row = {
            "external_id": "big",
            "text": "а" * 100_000,
            "author": "A",
            "created_at": "2026-11-20T10:00:00Z",
        }
        import_file(self.source, self.write("big.jsonl", json.dumps(row, ensure_ascii=False)))
        self.assertLessEqual(len(Message.objects.get(external_id="big").text), 20_000)

    def test_command_exit_status_and_counts(self) -> None:
        out = io.StringIO()
        with self.assertRaises(SystemExit) as exit_:
            call_command("import", str(self.write("m.csv", CSV)), source="new-src", stdout=out)
        self.assertEqual(exit_.exception.code, 1)
        self.assertIn("Новых: 2", out.getvalue())
        self.assertTrue(Source.objects.filter(name="new-src", kind="import").exists())
        clean = self.write("ok.csv", CSV.split("3,,")[0])
        out = io.StringIO()
        call_command("import", str(clean), source="new-src", stdout=out, json=True)
        self.assertEqual(json.loads(out.getvalue())["duplicate"], 2)
