"""otklik plan import of an Excel workbook (.xlsx), and list --format csv."""

from __future__ import annotations

import csv
import json
import tempfile
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook
from PIL import Image

from otklik.plan.models import Post
from otklik.plan.sheets import publish_time
from otklik.plan.tests.helpers import PlanTestCase, tg_source, vk_source

HEADER = ["publish_at", "channels", "text", "campaign", "title", "image", "external_id"]
EXCEL_TIME = datetime(2026, 12, 1, 10, 0)  # noqa: DTZ001 (an Excel cell has no zone)
ROWS: list[list[Any]] = [
    [EXCEL_TIME, "vk-wall, tg-channel", "Ремонт дорог", "Дороги", "", "", 1],
    ["02.12.2026 09:30", "vk-wall", "Дворы <b>благоустроены</b>", "", "Дворы", "img/a.jpg", "x-2"],
    [None, None, None, None, None, None, None],  # an empty row is skipped
    ["завтра", "vk-wall", "Плохое время", "", "", "", "x-4"],
    ["2026-12-03T09:00:00+00:00", "vk-wall", "", "", "", "", "x-5"],
]


def workbook(rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = Path(tempfile.mkdtemp()) / "план.xlsx"
    book.save(path)
    return path


class XlsxImportTest(PlanTestCase):
    def run_import(self, path: Path, *args: str) -> tuple[int, str, str]:
        out, err = StringIO(), StringIO()
        try:
            call_command("plan", "import", str(path), *args, stdout=out, stderr=err)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        return code, out.getvalue(), err.getvalue()

    def test_good_rows_imported_bad_rows_reported_and_reimport_changes_nothing(self) -> None:
        vk_source(), tg_source()
        folder = Path(tempfile.mkdtemp())
        Image.new("RGB", (30, 20), (0, 90, 160)).save(folder / "a.jpg")
        rows = [list(row) for row in ROWS]
        rows[1][5] = str(folder / "a.jpg")
        path = workbook(rows)
        with self.settings(MEDIA_ROOT=folder / "media"):
            code, out, err = self.run_import(path, "--approve-as", "moderator")
        self.assertEqual(code, 1)
        self.assertIn("Импортировано постов: 2, уже были: 0, с ошибками: 2", out)
        self.assertIn("строка 5: время 'завтра' не распознано", err)  # the sheet's own row
        self.assertIn("строка 6: Текст поста пуст", err)
        first = Post.objects.get(external_id="1")  # Excel's 1 (a number) is the text «1»
        # A date-time cell is read in the city's time zone (Asia/Tomsk, UTC+7).
        self.assertEqual(first.publish_at, datetime(2026, 12, 1, 3, 0, tzinfo=UTC))
        self.assertEqual(first.channels.count(), 2)
        self.assertEqual(first.state, Post.State.APPROVED)
        second = Post.objects.get(external_id="x-2")
        self.assertEqual(second.publish_at, datetime(2026, 12, 2, 2, 30, tzinfo=UTC))
        self.assertEqual(second.title, "Дворы")
        self.assertRegex(second.image, r"^plan/[0-9a-f]{32}\.jpg$")  # copied, re-encoded
        code, out, _ = self.run_import(path, "--approve-as", "moderator")
        self.assertIn("Импортировано постов: 0, уже были: 2", out)
        self.assertEqual(Post.objects.count(), 2)

    def test_missing_column_and_unreadable_file(self) -> None:
        with self.assertRaisesMessage(CommandError, "В заголовке нет столбцов: channels"):
            self.run_import(workbook([], header=["publish_at", "text"]))
        broken = Path(tempfile.mkdtemp()) / "broken.xlsx"
        broken.write_bytes(b"not a zip")
        with self.assertRaisesMessage(CommandError, "Не удалось прочитать книгу Excel"):
            self.run_import(broken)

    def test_a_date_without_time_is_refused(self) -> None:
        with self.assertRaisesMessage(ValueError, "нет времени"):
            publish_time(EXCEL_TIME.date())


class ListCsvTest(PlanTestCase):
    def test_list_csv(self) -> None:
        post = self.approved([vk_source()], external_id="e-1")
        out = StringIO()
        call_command("plan", "list", "--format", "csv", stdout=out)
        (row,) = csv.DictReader(out.getvalue().splitlines())
        self.assertEqual(
            list(row), ["id", "external_id", "campaign", "publish_at", "state", "publications"]
        )
        self.assertEqual((row["id"], row["external_id"]), (str(post.pk), "e-1"))
        self.assertEqual(json.loads(row["publications"])[0]["source"], "vk-wall")
