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
        "Export all messages (with their source name and platform id) or all incidents, "
        "as JSONL (one object a line) or CSV, to standard output or a file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["messages", "incidents"])
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--output", type=Path, help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["output"]:
            with options["output"].open("w", encoding="utf-8", newline="") as out:
                count = write(options["what"], options["format"], out)
            sys.stderr.write(f"Записано: {count}\n")
        else:
            write(options["what"], options["format"], self.stdout)
