"""otklik plan import / list."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from otklik.plan.models import Campaign, Post
from otklik.plan.tests.helpers import PlanTestCase, tg_source, vk_source

CSV = """publish_at,channels,text,campaign,title,external_id
01.12.2026 10:00,"vk-wall,tg-channel",Ремонт дорог <b>идёт</b>,Безопасные дороги,Дороги,row-1
2026-12-02T09:00:00+00:00,vk-wall,Благоустройство дворов,,,row-2
вчера,vk-wall,Плохое время,,,row-3
2026-12-03T09:00Z,nope,Нет канала,,,row-4
"""


class ImportTest(PlanTestCase):
    def run_import(self, body: str, *args: str) -> tuple[int, str, str]:
        path = Path(tempfile.mkdtemp()) / "plan.csv"
        path.write_text(body, encoding="utf-8")
        out, err = StringIO(), StringIO()
        try:
            call_command("plan", "import", str(path), *args, stdout=out, stderr=err)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        return code, out.getvalue(), err.getvalue()

    def test_good_rows_imported_bad_rows_named_and_reimport_changes_nothing(self) -> None:
        vk_source(), tg_source()
        code, out, err = self.run_import(CSV, "--approve-as", "moderator")
        self.assertEqual(code, 1)
        self.assertIn("строка 4: время 'вчера' не распознано", err)
        self.assertIn("строка 5: нет каналов: nope", err)
        first = Post.objects.get(external_id="row-1")
        self.assertEqual(first.publish_at, datetime(2026, 12, 1, 3, 0, tzinfo=UTC))  # Asia/Tomsk
        self.assertEqual(first.channels.count(), 2)
        self.assertEqual(first.state, Post.State.APPROVED)
        self.assertEqual(first.approved_by, self.moderator)
        self.assertEqual(first.campaign, Campaign.objects.get(title="Безопасные дороги"))
        self.assertEqual(first.text, "Ремонт дорог <b>идёт</b>")
        self.run_import(CSV, "--approve-as", "moderator")
        self.assertEqual(Post.objects.count(), 2)
        self.assertEqual(Campaign.objects.count(), 1)

    def test_approver_without_the_right_is_refused_per_row(self) -> None:
        vk_source()
        code, _, err = self.run_import(
            CSV.splitlines()[0] + "\n2026-12-02T09:00Z,vk-wall,Т,,,x\n", "--approve-as", "analyst"
        )
        self.assertEqual(code, 1)
        self.assertIn("пресс-служба", err)
        self.assertFalse(Post.objects.exists())

    def test_list_jsonl(self) -> None:
        post = self.approved([vk_source()], external_id="e-1")
        out = StringIO()
        call_command("plan", "list", stdout=out)
        row = json.loads(out.getvalue().splitlines()[0])
        self.assertEqual(
            (row["id"], row["external_id"], row["state"]), (post.pk, "e-1", "approved")
        )
        self.assertEqual(
            row["publications"],
            [{"source": "vk-wall", "state": "pending", "external_id": "", "url": ""}],
        )
