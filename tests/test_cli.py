"""The otklik command line: help, createuser, export, worker, demo seed idempotence."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from otklik.accounts.models import Role, User
from otklik.cli import main
from otklik.inbox.models import Message
from otklik.incidents.models import Incident
from otklik.sources.actions import record_payload
from otklik.testing.base import BaseTestCase


def test_top_level_help_is_plain(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--help"])
    out = capsys.readouterr().out
    for command in ("demo", "serve", "worker", "import", "export", "createuser", "migrate"):
        assert f"  {command}" in out


class CliTests(BaseTestCase):
    def test_createuser(self) -> None:
        call_command(
            "createuser",
            "ivanova",
            role="executor",
            department="dept-a",
            password="a-long-password-2026",
            stdout=io.StringIO(),
        )
        user = User.objects.get(username="ivanova")
        self.assertEqual((user.role, user.department), (Role.EXECUTOR, self.dept_a))
        self.assertTrue(user.check_password("a-long-password-2026"))
        with self.assertRaises(CommandError):
            call_command("createuser", "x", role="executor", password="a-long-password-2026")
        with self.assertRaises(CommandError):
            call_command("createuser", "ivanova", role="analyst", password="a-long-password-2026")

    def test_export_messages_and_incidents(self) -> None:
        self.message("Первое")
        out = io.StringIO()
        call_command("export", "messages", format="jsonl", stdout=out)
        row = json.loads(out.getvalue().splitlines()[0])
        self.assertEqual(
            (row["source"], row["platform"], row["external_id"]), ("vk-city", "import", "m1")
        )
        out = io.StringIO()
        call_command("export", "incidents", format="csv", stdout=out)
        self.assertEqual(next(csv.reader(io.StringIO(out.getvalue())))[0], "id")

    def test_worker_once_processes_pending(self) -> None:
        row = {
            "external_id": "w1",
            "text": "Текст",
            "author": "A",
            "created_at": "2026-11-20T10:00:00Z",
        }
        record_payload(self.source, "w1", body=row)
        call_command("worker", once=True, stdout=io.StringIO())
        self.assertTrue(Message.objects.filter(external_id="w1").exists())


@pytest.mark.django_db
def test_demo_seed_is_idempotent() -> None:
    from otklik.demo.seed import seed

    call_command("loadcity", stdout=io.StringIO())
    first = seed()
    assert first["messages_new"] >= 400
    assert first["incidents_new"] > 50
    counts = (Message.objects.count(), Incident.objects.count())
    second = seed()
    assert {key: n for key, n in second.items() if n} == {}  # nothing new anywhere
    assert (Message.objects.count(), Incident.objects.count()) == counts
    assert User.objects.filter(username__in=["admin", "press", "zhkh", "analyst"]).count() == 4
