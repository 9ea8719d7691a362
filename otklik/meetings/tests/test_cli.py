"""`otklik meeting` and `otklik instruction`: add and list, in Russian, exit 1 on bad input."""

from __future__ import annotations

import contextlib
import io
import json

from otklik.cli import main
from otklik.meetings.models import Instruction, Meeting
from otklik.meetings.tests.helpers import NOW, MeetingsTestCase, at


class CliTests(MeetingsTestCase):
    def otklik(self, *args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = 0
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(list(args))
            except SystemExit as exc:
                code = int(exc.code or 0)
        return code, out.getvalue(), err.getvalue()

    def test_meeting_add_and_list(self) -> None:
        code, out, _ = self.otklik(
            "meeting", "add", "--territory", "t-center", "--at", "2026-12-10T18:30",
            "--place", "Школа № 76",
        )  # fmt: skip
        self.assertEqual(code, 0)
        self.assertIn("2026-12-10T18:30:00+07:00", out)
        meeting = Meeting.objects.get()
        self.assertEqual((meeting.place, meeting.created_by), ("Школа № 76", self.admin))
        code, out, _ = self.otklik("meeting", "list", "--format", "jsonl")
        row = json.loads(out.splitlines()[0])
        self.assertEqual(row["starts_at"], "2026-12-10T18:30:00+07:00")
        self.assertEqual((row["territory"], row["state"]), ("t-center", "planned"))

    def test_bad_territory_is_a_russian_error(self) -> None:
        code, out, err = self.otklik(
            "meeting", "add", "--territory", "nowhere", "--at", "2026-12-10"
        )
        self.assertEqual(code, 1)
        self.assertIn("Ошибка: Нет территории с кодом 'nowhere'", err)
        self.assertFalse(Meeting.objects.exists())

    def test_bad_time_is_a_russian_error(self) -> None:
        code, _, err = self.otklik("meeting", "add", "--territory", "t-center", "--at", "завтра")
        self.assertEqual(code, 1)
        self.assertIn("не распознано", err)

    def test_instruction_add_and_list_with_the_city_offset(self) -> None:
        meeting = self.meeting()
        with at(NOW):
            code, out, err = self.otklik(
                "instruction", "add", "--meeting", str(meeting.pk), "--department", "dept-a",
                "--text", "Убрать снег", "--due", "2026-12-04",
            )  # fmt: skip
            self.assertEqual(code, 0, err)
            code, _, _ = self.otklik(
                "instruction", "add", "--department", "dept-b", "--text", "Посыпать песком",
                "--working-days", "1",
            )  # fmt: skip
        self.assertEqual(code, 0)
        self.assertIn("П-2026-0001", out)
        code, out, _ = self.otklik("instruction", "list", "--format", "jsonl")
        rows = [json.loads(line) for line in out.splitlines()]
        self.assertEqual(
            [(r["number"], r["deadline"], r["department"], r["meeting"], r["state"]) for r in rows],
            [
                ("П-2026-0002", "2026-12-01T18:00:00+07:00", "dept-b", None, "issued"),
                ("П-2026-0001", "2026-12-04T18:00:00+07:00", "dept-a", meeting.pk, "issued"),
            ],
        )

    def test_instruction_bad_input(self) -> None:
        cases = [
            (["--department", "nope", "--text", "x", "--working-days", "2"], "Нет подразделения"),
            (["--department", "dept-a", "--text", "x", "--due", "вчера"], "не распознана"),
            (["--department", "dept-a", "--text", "x", "--working-days", "0"], "рабочих дней"),
            (["--department", "dept-a", "--text", " ", "--working-days", "2"], "заполните"),
            (["--meeting", "999", "--department", "dept-a", "--text", "x", "--due", "2027-01-01"],
             "Нет встречи #999"),
        ]  # fmt: skip
        for args, text in cases:
            with self.subTest(args=args):
                code, _, err = self.otklik("instruction", "add", *args)
                self.assertEqual(code, 1)
                self.assertIn(text, err)
        self.assertFalse(Instruction.objects.exists())

    def test_due_or_working_days_is_required(self) -> None:
        code, _, err = self.otklik("instruction", "add", "--department", "dept-a", "--text", "x")
        self.assertNotEqual(code, 0)
        self.assertIn("--due", err)
