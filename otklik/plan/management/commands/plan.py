"""otklik plan import FILE [--approve-as USERNAME]; otklik plan list [--format jsonl|csv]."""

from __future__ import annotations

import csv
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError, CommandParser
from django.db import transaction

from otklik.accounts.models import User
from otklik.command import OtklikCommand
from otklik.plan import actions
from otklik.plan.models import Post
from otklik.sources.models import Source

REQUIRED = ("publish_at", "channels", "text")


def parse_time(value: str) -> datetime:
    value = value.strip()
    try:
        moment = datetime.strptime(value, "%d.%m.%Y %H:%M")  # noqa: DTZ007 (zone below)
    except ValueError:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(
                f"время {value!r} не распознано: ISO 8601 или ДД.ММ.ГГГГ ЧЧ:ММ"
            ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    return moment


class Command(OtklikCommand):
    help = "План публикаций: импорт из CSV и выгрузка."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="import|list")
        imp = sub.add_parser("import", help="импортировать план из CSV с заголовком")
        imp.add_argument("file", metavar="ФАЙЛ")
        imp.add_argument(
            "--approve-as", metavar="ЛОГИН", help="утвердить посты от имени сотрудника"
        )
        lst = sub.add_parser("list", help="вывести посты по одному на строку")
        lst.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self.list(options["format"])
        else:
            self.import_file(Path(options["file"]), options.get("approve_as"))

    def list(self, fmt: str) -> None:
        posts = Post.objects.select_related("campaign").prefetch_related("channels__source")
        rows = [
            {
                "id": p.pk,
                "external_id": p.external_id or "",
                "campaign": p.campaign.title if p.campaign else "",
                "publish_at": p.publish_at.isoformat(),
                "state": p.state,
                "publications": [
                    {
                        "source": c.source.name,
                        "state": c.state,
                        "external_id": c.external_id,
                        "url": c.url,
                    }
                    for c in p.channels.all()
                ],
            }
            for p in posts
        ]
        if fmt == "jsonl":
            for row in rows:
                self.stdout.write(json.dumps(row, ensure_ascii=False))
            return
        writer = csv.DictWriter(self.stdout, fieldnames=list(rows[0]) if rows else ["id"])
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {**row, "publications": json.dumps(row["publications"], ensure_ascii=False)}
            )

    def import_file(self, path: Path, approve_as: str | None) -> None:
        if path.suffix.lower() == ".xlsx":
            raise CommandError("Файлы .xlsx пока не поддерживаются: сохраните план как CSV")
        actor = (
            User.objects.filter(role__in=["admin", "moderator"], is_active=True)
            .order_by("pk")
            .first()
        )
        approver = None
        if approve_as:
            approver = User.objects.filter(username=approve_as).first()
            if approver is None:
                raise CommandError(f"Нет сотрудника с логином {approve_as!r}")
            actor = approver
        if actor is None:
            raise CommandError(
                "Нет ни одного сотрудника пресс-службы: создайте его (otklik createuser)"
            )
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Не удалось прочитать {path}: {exc}") from None
        reader = csv.DictReader(text.splitlines())
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise CommandError(f"В заголовке нет столбцов: {', '.join(missing)}")
        created = skipped = 0
        bad: list[str] = []
        for line, row in enumerate(reader, start=2):
            try:
                result = self.import_row(row, actor, approver)
            except (ValueError, ValidationError, PermissionDenied) as exc:
                reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                bad.append(f"строка {line}: {reason}")
                continue
            created += result
            skipped += 1 - result
        self.stdout.write(
            f"Импортировано постов: {created}, уже были: {skipped}, с ошибками: {len(bad)}"
        )
        for item in bad:
            self.stderr.write(item)
        if bad:
            sys.exit(1)

    @transaction.atomic
    def import_row(self, row: dict[str, Any], actor: User, approver: User | None) -> int:
        external_id = (row.get("external_id") or "").strip()[:255] or None
        if external_id and Post.objects.filter(external_id=external_id).exists():
            return 0
        publish_at = parse_time(row.get("publish_at") or "")
        names = [n.strip() for n in (row.get("channels") or "").split(",") if n.strip()]
        if not names:
            raise ValueError("не указаны каналы (channels)")
        sources = list(Source.objects.filter(name__in=names))
        unknown = sorted(set(names) - {s.name for s in sources})
        if unknown:
            raise ValueError(f"нет каналов: {', '.join(unknown)}")
        campaign_name = (row.get("campaign") or "").strip()
        campaign = actions.get_or_create_campaign(actor, campaign_name) if campaign_name else None
        post = actions.create_post(
            actor,
            text=row.get("text") or "",
            publish_at=publish_at,
            sources=sources,
            campaign=campaign,
            title=row.get("title") or "",
            external_id=external_id,
        )
        if approver is not None:
            actions.approve(approver, post)
        return 1
