"""otklik retrain: train a new triage model version from the administration's own decisions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from otklik.command import OtklikCommand
from otklik.progress import track
from otklik.suggestions.training import corpus_rows, retrain


class Command(OtklikCommand):
    help = (
        "Обучить новую версию моделей разбора на истории (сообщения в инцидентах, "
        "сообщения без реакции) и исправлениях модераторов, при желании — с размеченным "
        "корпусом JSONL. Версия оценивается на постоянной отложенной выборке и становится "
        "активной, если она не хуже активной; версии видны и переключаются на /triage/models/. "
        "Голова «политика» учится не на решениях, а на наборе чувствительных тем: новая версия "
        "получает её из активной без изменений, а с --politics-data обучает заново на файле."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--corpus", type=Path, help="размеченный JSONL (в формате демо-корпуса)"
        )
        parser.add_argument(
            "--politics-data",
            type=Path,
            metavar="ФАЙЛ",
            help="CSV со столбцами text, politics (0 или 1) и, по желанию, weight: обучить "
            "голову «политика» заново; без него голова переносится из активной версии, "
            "если там она есть",
        )
        parser.add_argument("--note", default="", help="примечание, которое видно рядом с версией")

    def handle(self, *args: Any, **options: Any) -> None:
        extra = corpus_rows(options["corpus"]) if options["corpus"] else []
        try:
            result = retrain(
                extra, note=options["note"], track=track, politics_data=options["politics_data"]
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(result.pop("politics_note"))
        self.stdout.write(json.dumps(result, ensure_ascii=False))
