"""otklik restore FILE [--yes]."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from otklik.command import OtklikCommand
from otklik.ops.backup import BackupError, restore


class Command(OtklikCommand):
    help = (
        "Восстановить базу данных и файлы из копии otklik backup и сверить результат с описью "
        "копии: строки и контрольные суммы каждой таблицы и каждого файла."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="файл копии (.tar.gz)")
        parser.add_argument(
            "--yes", action="store_true", help="заменить данные, если база не пуста"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore(options["archive"], overwrite=options["yes"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if result.problems:
            lines = "\n".join(f"  {line}" for line in result.problems)
            raise CommandError(f"Восстановленная база не совпадает с копией:\n{lines}")
        self.stdout.write(
            f"Восстановлено и сверено с описью: таблиц {result.tables}, строк {result.rows}, "
            f"файлов {result.media}"
        )
