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
        "Импорт сообщений из CSV (с заголовком) или JSONL. Обязательные столбцы: "
        "external_id, text, author, created_at (ISO 8601; без смещения — время города). "
        "Необязательные: author_id, url, thread, thread_title, parent_id, kind, territory, "
        "address, contact, likes, reposts, replies, views. Каждая строка сначала сохраняется "
        "как есть; повторный импорт того же файла ничего не меняет; плохие строки "
        "перечисляются и сохраняются для разбора. Код выхода 0, если приняты все строки, "
        "1 — если какие-то отклонены."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="ФАЙЛ", help="файл CSV или JSONL")
        parser.add_argument("--source", required=True, help="имя источника, например vk-city")
        parser.add_argument(
            "--format", choices=["csv", "jsonl"], help="формат файла (по умолчанию — по расширению)"
        )
        parser.add_argument("--json", action="store_true", help="вывести отчёт в JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"Файл не найден: {path}")
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
