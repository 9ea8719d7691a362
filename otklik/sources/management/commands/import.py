"""otklik import FILE --source NAME: messages from CSV (with a header) or JSONL, idempotent."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from otklik.command import OtklikCommand
from otklik.sources.actions import get_or_create_source
from otklik.sources.importer import import_file
from otklik.sources.models import Source

SHOWN_REASONS = 20


class Command(OtklikCommand):
    help = (
        "Import messages from a CSV file (with a header) or JSONL. Required columns: "
        "external_id, text, author, created_at (ISO 8601; without an offset it is read in the "
        "city's time zone). Optional: author_id, url, thread, thread_title, parent_id, kind, "
        "territory, address, contact, likes, reposts, replies, views. Every row is stored raw "
        "first; re-importing the same file changes nothing; bad rows are reported and kept for "
        "review. Exit status 0 when every row was taken, 1 when some were rejected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the CSV or JSONL file")
        parser.add_argument("--source", required=True, help="source name, e.g. vk-city")
        parser.add_argument(
            "--format", choices=["csv", "jsonl"], help="file format (default: by extension)"
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"File not found: {path}")
        source = Source.objects.filter(name=options["source"]).first()
        if source is None:
            source = get_or_create_source(options["source"], Source.Kind.IMPORT)
        report = import_file(source, path, options["format"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(
                f"Новых: {report.new}, дубликатов: {report.duplicate}, отклонено: {report.rejected}"
            )
            for line, reason in report.reasons[:SHOWN_REASONS]:
                self.stdout.write(f"  строка {line}: {reason}")
            if len(report.reasons) > SHOWN_REASONS:
                self.stdout.write(f"  … и ещё {len(report.reasons) - SHOWN_REASONS}")
        if report.rejected:
            sys.exit(1)
