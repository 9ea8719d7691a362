"""otklik export messages|incidents --format jsonl|csv [--output FILE] [--as NAME].

Messages and incidents carry residents' personal data: every export is recorded in the audit
(otklik.privacy), with the operating-system account or the name given with --as."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from otklik.command import OtklikCommand
from otklik.ops.export import write
from otklik.privacy.actions.audit import os_user, record_export
from otklik.privacy.models import AuditEntry


class Command(OtklikCommand):
    help = (
        "Выгрузить все сообщения (с именем источника и кодом на площадке) или все инциденты "
        "в JSONL (объект на строку) или CSV, в стандартный вывод или в файл."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["messages", "incidents"], help="что выгрузить")
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl", help="формат")
        parser.add_argument("--output", type=Path, help="файл (по умолчанию — стандартный вывод)")
        parser.add_argument(
            "--as",
            dest="who",
            default="",
            help="кто выгружает (в журнал выгрузок; по умолчанию — пользователь ОС)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["output"]:
            with options["output"].open("w", encoding="utf-8", newline="") as out:
                count = write(options["what"], options["format"], out)
            sys.stderr.write(f"Записано: {count}\n")
        else:
            count = write(options["what"], options["format"], self.stdout)
        record_export(
            what=options["what"],
            fmt=options["format"],
            rows=count,
            channel=AuditEntry.Channel.CLI,
            who=options["who"] or os_user(),
            destination=str(options["output"] or "стандартный вывод"),
        )
