"""otklik loadcity [CITY]: load a city's configuration (a slug in cities/data or a JSON path)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from otklik.cities.config import load_city_config
from otklik.cities.loader import load_city
from otklik.command import OtklikCommand


class Command(OtklikCommand):
    help = (
        "Загрузить территории, подразделения, категории, улицы и ориентиры из файла города. "
        "CITY — имя города из otklik/cities/data (например, seversk) или путь к JSON-файлу; "
        "без него — город из OTKLIK_CITY. Можно запускать повторно: существующие записи "
        "обновляются, ничего не удаляется."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "city", nargs="?", default="", metavar="ГОРОД", help="имя города или путь к JSON"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["city"] or str(settings.CITY.path)
        try:
            config = load_city_config(name)
            report = load_city(config)
        except (FileNotFoundError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Загружен город «{config.name}» из {config.path}")
        for line in report.lines():
            self.stdout.write(f"  {line}")
        self.stdout.write(f"Всего создано {report.created}, обновлено {report.updated}.")
