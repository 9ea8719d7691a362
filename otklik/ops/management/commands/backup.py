"""otklik backup --out FILE."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from otklik.command import OtklikCommand
from otklik.ops.backup import BackupError, backup


class Command(OtklikCommand):
    help = (
        "Резервная копия: база данных и загруженные файлы в одном архиве .tar.gz с описью "
        "(строки и контрольные суммы каждой таблицы и каждого файла). Секретный ключ в копию "
        "не входит: храните его отдельно."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, required=True, help="файл архива (.tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup(options["out"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Копия записана: {options['out']} — таблиц {result.tables}, строк {result.rows}, "
            f"файлов {result.media}"
        )
