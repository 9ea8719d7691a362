"""Progress bars: drawn only at a terminal, never in a pipe or in CI."""

from __future__ import annotations

import io
from unittest import mock

from django.test import SimpleTestCase

from otklik import progress


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
