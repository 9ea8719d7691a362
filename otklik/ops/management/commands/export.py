"""otklik export messages|incidents --format jsonl|csv [--output FILE]."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from otklik.command import OtklikCommand
from otklik.ops.export import write


class Command(OtklikCommand):
    help = (
        "Выгрузить все сообщения (с именем источника и кодом на площадке) или все инциденты "
        "в JSONL (объект на строку) или CSV, в стандартный вывод или в файл."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["messages", "incidents"], help="что выгрузить")
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl", help="формат")
        parser.add_argument("--output", type=Path, help="файл (по умолчанию — стандартный вывод)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["output"]:
            with options["output"].open("w", encoding="utf-8", newline="") as out:
                count = write(options["what"], options["format"], out)
            sys.stderr.write(f"Записано: {count}\n")
        else:
            write(options["what"], options["format"], self.stdout)
