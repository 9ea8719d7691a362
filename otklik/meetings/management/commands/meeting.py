"""otklik meeting add --territory CODE --at ISO [--place TEXT]; otklik meeting list."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError, CommandParser

from otklik.cities.models import Territory
from otklik.command import OtklikCommand
from otklik.meetings import actions
from otklik.meetings.cli import actor_for, errors_of, local_iso, parse_time
from otklik.meetings.models import Meeting


class Command(OtklikCommand):
    help = "Встречи мэра с жителями: добавить и вывести."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="add|list")
        add = sub.add_parser("add", help="добавить встречу")
        add.add_argument("--territory", required=True, metavar="КОД", help="код территории")
        add.add_argument(
            "--at", required=True, metavar="ВРЕМЯ", help="начало: ISO 8601 или ДД.ММ.ГГГГ ЧЧ:ММ"
        )
        add.add_argument("--place", default="", metavar="ТЕКСТ", help="место встречи")
        add.add_argument("--as", dest="login", metavar="ЛОГИН", help="от имени сотрудника")
        lst = sub.add_parser("list", help="вывести встречи")
        lst.add_argument("--format", choices=("text", "jsonl"), default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self.list(options["format"])
            return
        territory = Territory.objects.filter(code=options["territory"]).first()
        if territory is None:
            raise CommandError(f"Нет территории с кодом {options['territory']!r}")
        try:
            meeting = actions.create_meeting(
                actor_for(options.get("login")),
                territory=territory,
                starts_at=parse_time(options["at"]),
                place=options["place"],
            )
        except (ValueError, ValidationError, PermissionDenied) as exc:
            raise CommandError(errors_of(exc)) from None
        self.stdout.write(f"Встреча #{meeting.pk} добавлена: {local_iso(meeting.starts_at)}")

    def list(self, fmt: str) -> None:
        meetings = Meeting.objects.select_related("territory").order_by("starts_at", "id")
        for m in meetings:
            row = {
                "id": m.pk,
                "territory": m.territory.code,
                "starts_at": local_iso(m.starts_at),
                "place": m.place,
                "state": m.state,
            }
            if fmt == "jsonl":
                self.stdout.write(json.dumps(row, ensure_ascii=False))
            else:
                where = f", {m.place}" if m.place else ""
                self.stdout.write(
                    f"#{m.pk} {row['starts_at']} {m.territory.name}{where} — "
                    f"{m.get_state_display()}"
                )
