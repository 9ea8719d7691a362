"""otklik instruction add --meeting ID --department CODE --text TEXT (--due DATE |
--working-days N); otklik instruction list [--format jsonl]."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError, CommandParser

from otklik.cities.models import Department
from otklik.command import OtklikCommand
from otklik.meetings import actions
from otklik.meetings.cli import actor_for, errors_of, local_iso
from otklik.meetings.models import Instruction, Meeting


def parse_date(value: str) -> date:
    for parse in (date.fromisoformat, _russian_date):
        try:
            return parse(value.strip())
        except ValueError:
            continue
    raise CommandError(f"Дата {value!r} не распознана: ГГГГ-ММ-ДД или ДД.ММ.ГГГГ")


def _russian_date(value: str) -> date:
    day, month, year = value.split(".")
    return date(int(year), int(month), int(day))


class Command(OtklikCommand):
    help = "Поручения мэра: выдать и вывести."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="add|list")
        add = sub.add_parser("add", help="выдать поручение")
        add.add_argument("--meeting", type=int, metavar="НОМЕР", help="номер встречи")
        add.add_argument("--department", required=True, metavar="КОД", help="код подразделения")
        add.add_argument("--text", required=True, metavar="ТЕКСТ", help="текст поручения")
        due = add.add_mutually_exclusive_group(required=True)
        due.add_argument("--due", metavar="ДАТА", help="срок: дата (ГГГГ-ММ-ДД)")
        due.add_argument("--working-days", type=int, metavar="N", help="срок: N рабочих дней")
        add.add_argument("--as", dest="login", metavar="ЛОГИН", help="от имени сотрудника")
        lst = sub.add_parser("list", help="вывести поручения")
        lst.add_argument("--format", choices=("text", "jsonl"), default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self.list(options["format"])
        else:
            self.add(options)

    def add(self, options: dict[str, Any]) -> None:
        department = Department.objects.filter(code=options["department"]).first()
        if department is None:
            raise CommandError(f"Нет подразделения с кодом {options['department']!r}")
        meeting = None
        if options.get("meeting") is not None:
            meeting = Meeting.objects.filter(pk=options["meeting"]).first()
            if meeting is None:
                raise CommandError(f"Нет встречи #{options['meeting']}")
        due = parse_date(options["due"]) if options.get("due") else None
        try:
            instruction = actions.issue_instruction(
                actor_for(options.get("login")),
                text=options["text"],
                department=department,
                meeting=meeting,
                due=due,
                working_days=options.get("working_days"),
            )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(errors_of(exc)) from None
        self.stdout.write(
            f"Поручение {instruction.number} выдано, срок {local_iso(instruction.deadline)}"
        )

    def list(self, fmt: str) -> None:
        rows = Instruction.objects.select_related("department").order_by("deadline", "id")
        for i in rows:
            row = {
                "number": i.number,
                "state": i.state,
                "overdue": i.is_overdue,
                "deadline": local_iso(i.deadline),
                "department": i.department.code,
                "meeting": i.meeting_id,
                "text": i.text,
            }
            if fmt == "jsonl":
                self.stdout.write(json.dumps(row, ensure_ascii=False))
            else:
                late = " (просрочено)" if i.is_overdue else ""
                self.stdout.write(
                    f"{i.number} до {row['deadline']}{late} · {i.department.name} · "
                    f"{i.get_state_display()} · {i.text[:80]}"
                )
