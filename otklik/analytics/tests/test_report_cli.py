"""`otklik report`: the file, the exit codes and the Russian errors."""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

from otklik.analytics.tests.report_fixture import PERIOD, ReportFixture
from otklik.cli import main
from tests.test_cli_russian import english_in_help


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(argv)
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


class ReportCommandTests(ReportFixture):
    def setUp(self) -> None:
        self.folder = Path(tempfile.mkdtemp())

    def test_writes_pdf_and_docx(self) -> None:
        for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK")):
            out = self.folder / f"report.{fmt}"
            code, stdout, _ = run(
                ["report", "--period", PERIOD, "--format", fmt, "--out", str(out)]
            )
            self.assertEqual(code, 0)
            self.assertIn("Отчёт за октябрь 2026 года записан в", stdout)
            self.assertTrue(out.read_bytes().startswith(magic))

    def test_bad_period_exits_1_in_russian(self) -> None:
        out = self.folder / "x.pdf"
        code, _, err = run(["report", "--period", "2026-W99", "--format", "pdf", "--out", str(out)])
        self.assertEqual(code, 1)
        self.assertIn("Ошибка: Неверная неделя в '2026-W99'", err)
        self.assertFalse(out.exists())

    def test_missing_folder_exits_1(self) -> None:
        out = self.folder / "нет" / "x.pdf"
        code, _, err = run(["report", "--period", "2026", "--format", "pdf", "--out", str(out)])
        self.assertEqual(code, 1)
        self.assertIn("Ошибка: Нет папки", err)

    def test_bad_format_and_missing_arguments_are_russian(self) -> None:
        code, _, err = run(["report", "--period", "2026", "--format", "odt", "--out", "x"])
        self.assertEqual(code, 2)
        self.assertIn("недопустимое значение 'odt'", err)
        code, _, err = run(["report"])
        self.assertEqual(code, 2)
        self.assertIn("не указаны обязательные аргументы", err)

    def test_help_is_russian(self) -> None:
        code, out, _ = run(["report", "--help"])
        self.assertEqual(code, 0)
        self.assertIn("Использование:", out)
        self.assertEqual(english_in_help(out), [])


class ReportCatchUpTests(ReportFixture):
    def test_the_report_brings_the_rollups_up_to_date_first(self) -> None:
        from otklik.analytics.models import DailyMessages, RollupCursor

        DailyMessages.objects.all().delete()
        RollupCursor.objects.all().delete()  # as after a fresh import the worker has not seen
        out = Path(tempfile.mkdtemp()) / "report.docx"
        code, _, _ = run(["report", "--period", PERIOD, "--format", "docx", "--out", str(out)])
        self.assertEqual(code, 0)
        self.assertTrue(DailyMessages.objects.filter(count__gt=0).exists())
