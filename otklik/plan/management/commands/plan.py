"""otklik plan import FILE [--approve-as USERNAME]; otklik plan list [--format jsonl|csv].

FILE is a CSV with a header or an Excel workbook (.xlsx), read by otklik.plan.sheets. Its
`image` column, if any, is a path to a local JPEG, PNG or WebP file: re-encoded and kept like an
upload from the form (plan.actions.images); a bad path is that row's error.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError, CommandParser
from django.db import transaction

from otklik.accounts.models import User
from otklik.command import OtklikCommand
from otklik.plan import actions
from otklik.plan.actions import images
from otklik.plan.models import Post
from otklik.plan.sheets import SheetError, cell_text, publish_time, read_sheet
from otklik.sources.models import Source

REQUIRED = ("publish_at", "channels", "text")


class Command(OtklikCommand):
    help = "План публикаций: импорт из CSV или Excel (.xlsx) и выгрузка."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="import|list")
        imp = sub.add_parser(
            "import", help="импортировать план из CSV с заголовком или книги Excel (.xlsx)"
        )
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
        actor, approver = self.importer(approve_as)
        try:
            sheet = read_sheet(path)
        except SheetError as exc:
            raise CommandError(str(exc)) from None
        missing = [c for c in REQUIRED if c not in sheet.columns]
        if missing:
            raise CommandError(f"В заголовке нет столбцов: {', '.join(missing)}")
        created = skipped = 0
        bad: list[str] = []
        for line, row in sheet.rows:
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

    @staticmethod
    def importer(approve_as: str | None) -> tuple[User, User | None]:
        """Who creates the posts, and who approves them (with --approve-as, the same person)."""
        if approve_as:
            approver = User.objects.filter(username=approve_as).first()
            if approver is None:
                raise CommandError(f"Нет сотрудника с логином {approve_as!r}")
            return approver, approver
        actor = (
            User.objects.filter(role__in=["admin", "moderator"], is_active=True)
            .order_by("pk")
            .first()
        )
        if actor is None:
            raise CommandError(
                "Нет ни одного сотрудника пресс-службы: создайте его (otklik createuser)"
            )
        return actor, None

    @transaction.atomic
    def import_row(self, row: dict[str, Any], actor: User, approver: User | None) -> int:
        external_id = cell_text(row.get("external_id")).strip()[:255] or None
        if external_id and Post.objects.filter(external_id=external_id).exists():
            return 0
        publish_at = publish_time(row.get("publish_at"))
        names = [n.strip() for n in cell_text(row.get("channels")).split(",") if n.strip()]
        if not names:
            raise ValueError("не указаны каналы (channels)")
        sources = list(Source.objects.filter(name__in=names))
        unknown = sorted(set(names) - {s.name for s in sources})
        if unknown:
            raise ValueError(f"нет каналов: {', '.join(unknown)}")
        campaign_name = cell_text(row.get("campaign")).strip()
        campaign = actions.get_or_create_campaign(actor, campaign_name) if campaign_name else None
        image = images.import_file(cell_text(row.get("image")))  # a local file, re-encoded
        post = actions.create_post(
            actor,
            text=cell_text(row.get("text")),
            publish_at=publish_at,
            sources=sources,
            campaign=campaign,
            title=cell_text(row.get("title")),
            image=image,
            external_id=external_id,
        )
        if approver is not None:
            actions.approve(approver, post)
        return 1
