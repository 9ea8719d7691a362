"""Progress bars: drawn only at a terminal, never in a pipe or in CI."""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from pathlib import Path
from unittest import mock

from django.test import SimpleTestCase

from otklik import progress
from otklik.cli import main


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class ProgressTest(SimpleTestCase):
    def test_quiet_when_not_a_terminal(self) -> None:
        err = io.StringIO()
        with mock.patch("sys.stderr", err), mock.patch.dict("os.environ", {"CI": ""}):
            self.assertFalse(progress.enabled())
            self.assertEqual(list(progress.track(range(5), description="x")), [0, 1, 2, 3, 4])
            with progress.bar(10, "y") as advance:
                advance(3)
        self.assertEqual(err.getvalue(), "")

    def test_quiet_in_ci_even_at_a_terminal(self) -> None:
        with mock.patch.dict("os.environ", {"CI": "true"}):
            self.assertFalse(progress.enabled(Terminal()))

    def test_drawn_at_a_terminal(self) -> None:
        err = Terminal()
        with mock.patch("sys.stderr", err), mock.patch.dict("os.environ", {"CI": ""}):
            self.assertTrue(progress.enabled())
            self.assertEqual(list(progress.track([1, 2, 3], description="Таблицы")), [1, 2, 3])
        self.assertIn("Таблицы", err.getvalue())
        self.assertIn("3/3", err.getvalue())


ROWS = [
    ("Яма на дороге на улице Ленина", "Дороги"),
    ("Огромная яма на проезжей части", "Дороги"),
    ("Разбит асфальт во дворе, ямы", "Дороги"),
    ("Не горит фонарь у подъезда", "Освещение"),
    ("Темно на улице, нет освещения", "Освещение"),
    ("Фонари не работают неделю", "Освещение"),
]


class CommandBarTest(SimpleTestCase):
    def train(self, stderr: io.StringIO) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "history.csv"
            with data.open("w", newline="", encoding="utf-8") as f:
                csv.writer(f).writerows([("text", "category"), *ROWS, *ROWS])
            argv = ["triage", "train", "--data", str(data), "--out", f"{tmp}/m", "--folds", "2"]
            with (
                mock.patch("sys.stderr", stderr),
                mock.patch.dict("os.environ", {"CI": ""}),
                contextlib.redirect_stdout(io.StringIO()),
                self.assertRaises(SystemExit) as done,
            ):
                main(argv)
        self.assertEqual(done.exception.code, 0)

    def test_triage_train_draws_its_heads_at_a_terminal(self) -> None:
        err = Terminal()
        self.train(err)
        self.assertIn("Обучение голов", err.getvalue())
        self.assertIn("1/1", err.getvalue())

    def test_triage_train_is_quiet_in_a_pipe(self) -> None:
        err = io.StringIO()
        self.train(err)
        self.assertEqual(err.getvalue(), "")
