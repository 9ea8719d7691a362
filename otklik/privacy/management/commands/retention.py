"""otklik retention run [--dry-run] [--batch N] [--as NAME] | otklik retention acts [--format]."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from otklik.command import OtklikCommand
from otklik.privacy import criteria
from otklik.privacy.actions.audit import os_user
from otklik.privacy.actions.retention import run_retention
from otklik.privacy.export import write_acts

KINDS = {
    "incidents": "инциденты",
    "incident_messages": "сообщения в них",
    "unlinked_messages": "сообщения без инцидента",
    "orphan_payloads": "входящие пакеты без сообщения",
    "questions": "вопросы к встречам",
    "initiatives": "инициативы",
}


class Command(OtklikCommand):
    help = (
        "Срок хранения персональных данных жителей (152-ФЗ): обезличить то, что старше срока "
        "(OTKLIK_PD_RETENTION_DAYS), с актом об уничтожении, или выгрузить акты."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="действия")
        run = sub.add_parser("run", help="обезличить всё, чей срок истёк (до конца, пачками)")
        run.add_argument(
            "--dry-run", action="store_true", help="только показать, что будет обезличено"
        )
        run.add_argument("--batch", type=int, default=500, help="строк каждого вида за проход")
        run.add_argument("--as", dest="who", default="", help="кто запускает (для акта)")
        acts = sub.add_parser("acts", help="выгрузить акты об уничтожении")
        acts.add_argument("--format", choices=["csv", "jsonl"], default="csv", help="формат")
        acts.add_argument("--output", type=Path, help="файл (по умолчанию — стандартный вывод)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "acts":
            self._acts(options)
            return
        days = settings.PD_RETENTION_DAYS
        if days <= 0:
            raise CommandError("Срок хранения не задан: OTKLIK_PD_RETENTION_DAYS=0")
        if options["dry_run"]:
            self._dry_run(days)
            return
        who = f"otklik retention run ({options['who'] or os_user()})"
        while True:
            act = run_retention(max(1, options["batch"]), performed_by=who)
            if act is None:
                return
            summary = ", ".join(f"{k}: {v}" for k, v in act.counts.items()) or "ничего"
            self.stdout.write(f"Акт №{act.pk}: {summary}")
            if act.complete or not act.total:
                return

    def _dry_run(self, days: int) -> None:
        before = criteria.cutoff(timezone.now(), days)
        self.stdout.write(
            f"Проверка без изменений: срок {days} дн., граница {before:%d.%m.%Y %H:%M} UTC"
        )
        for kind, count in criteria.plan(before).items():
            self.stdout.write(f"  {KINDS[kind]}: {count}")

    def _acts(self, options: dict[str, Any]) -> None:
        if options["output"]:
            with options["output"].open("w", encoding="utf-8", newline="") as out:
                count = write_acts(options["format"], out)
            sys.stderr.write(f"Записано актов: {count}\n")
        else:
            write_acts(options["format"], self.stdout)
