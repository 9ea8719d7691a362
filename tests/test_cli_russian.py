"""The command line speaks Russian: `otklik --help`, each command's help, argparse's errors,
CommandErrors, import reasons and the PermissionDenied texts of the actions."""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase

from otklik.argparse_ru import translate
from otklik.cli import main
from otklik.incidents import actions as incident_actions
from otklik.sources.importer import import_file
from otklik.suggestions import actions as suggestion_actions
from otklik.suggestions.models import ModelVersion
from otklik.testing.base import BaseTestCase
from tests.visible import english_words

# Codes a Russian help text names as they are: commands, choices, columns, variables, files.
CODES = {
    "demo",
    "serve",
    "worker",
    "migrate",
    "loadcity",
    "import",
    "export",
    "createuser",
    "source",
    "sla",
    "triage",
    "retrain",
    "mailwatch",
    "bench",
    "plan",
    "meeting",
    "instruction",
    "backup",
    "restore",
    "retention",
    "run",
    "acts",
    "token",
    "create",
    "revoke",
    "dashboard",
    "analytics",
    "rebuild",
    "spikes",
    "postgresql",
    "report",
    "add",
    "list",
    "due",
    "check",
    "split",
    "train",
    "evaluate",
    "steps",
    "inbox",
    "webhooks",
    "backfill",
    "publish",
    "messages",
    "incidents",
    "admin",
    "moderator",
    "executor",
    "analyst",
    "seversk",
    "city",
    "gunicorn",
    "otklik",
    "env",
    "example",
    "var",
    "sqlite",
    "external_id",
    "text",
    "author",
    "created_at",
    "author_id",
    "thread",
    "thread_title",
    "parent_id",
    "kind",
    "territory",
    "address",
    "contact",
    "likes",
    "reposts",
    "replies",
    "views",
    "models",
    "idle",
    "feeds",
    "id",
    "topic",
    "topic_group",
    "politics",
    "weight",
    "toxic",
    "is_actionable",
    "tsv",
    "jsonl",
    "csv",
    "json",
    "takeover",
    "ctrl",
    "kill",
    "accepted",
    "triage_accepted",
    "pipeline",
    "faults",
    "all",
    "db",
    "restart",
    "platform",
    "replay",
}
OPTIONS = re.compile(r"-{1,2}[\w-]+|\$?\b[A-Z][A-Z0-9_]{2,}\b|\{[^}]*\}")


def english_in_help(text: str) -> list[str]:
    return english_words(OPTIONS.sub(" ", text), CODES)


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(argv)
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


class ArgparseTests(SimpleTestCase):
    def test_known_errors_are_translated_and_unknown_kept(self) -> None:
        self.assertEqual(
            translate("the following arguments are required: username, --role"),
            "не указаны обязательные аргументы: username, --role",
        )
        self.assertEqual(
            translate("argument --role: invalid choice: 'boss' (choose from admin, analyst)"),
            "аргумент --role: недопустимое значение 'boss' (можно: admin, analyst)",
        )
        self.assertEqual(translate("something new"), "something new")

    def test_top_level_help_is_russian(self) -> None:
        code, out, _ = run(["--help"])
        self.assertEqual(code, 0)
        self.assertIn("Использование: otklik КОМАНДА", out)
        self.assertEqual(english_in_help(out), [])

    def test_unknown_command_is_russian(self) -> None:
        code, _, err = run(["frobnicate"])
        self.assertEqual(code, 1)
        self.assertIn("Неизвестная команда 'frobnicate'", err)

    def test_triage_help_and_errors_are_russian(self) -> None:
        code, out, _ = run(["triage", "train", "--help"])
        self.assertEqual(code, 0)
        self.assertIn("Использование: otklik triage train", out)
        self.assertEqual(english_in_help(out), [])
        code, _, err = run(["triage"])
        self.assertEqual(code, 2)
        self.assertIn("ошибка: не указаны обязательные аргументы", err)


@pytest.mark.parametrize(
    "command",
    [
        "createuser",
        "loadcity",
        "sla",
        "retrain",
        "import",
        "export",
        "serve",
        "worker",
        "demo",
        "bench",
        "report",
        "triage_accepted",
    ],
)
def test_command_help_is_russian(command: str) -> None:
    code, out, _ = run([command, "--help"])
    assert code == 0
    assert "Использование:" in out and "показать эту справку и выйти" in out
    assert english_in_help(out) == []


class TriageAcceptedTests(BaseTestCase):
    def test_triage_accepted_reads_the_database_in_russian(self) -> None:
        code, out, _ = run(["triage", "accepted", "--weeks", "2"])
        self.assertEqual(code, 0)
        self.assertEqual(out.strip(), "Подсказок за эти недели нет.")
        code, _, err = run(["triage", "accepted", "--weeks", "0"])
        self.assertEqual(code, 1)
        self.assertIn("Ошибка: Число недель — от 1 до 104", err)
        code, out, _ = run(["triage", "accepted", "--help"])
        self.assertIn("Использование: otklik triage_accepted", out)
        self.assertEqual(english_in_help(out), [])


class CommandErrorTests(BaseTestCase):
    def test_missing_arguments_from_the_command_line(self) -> None:
        code, _, err = run(["createuser"])
        self.assertEqual(code, 2)
        self.assertIn("otklik createuser: ошибка: не указаны обязательные аргументы", err)
        self.assertNotIn("the following", err)

    def test_command_error_is_printed_as_ошибка(self) -> None:
        code, _, err = run(["createuser", "x", "--role", "executor", "--department", "nope"])
        self.assertEqual(code, 1)
        self.assertIn("Ошибка: Нет подразделения с кодом 'nope'", err)
        self.assertNotIn("CommandError", err)

    def test_createuser_errors(self) -> None:
        with self.assertRaisesMessage(CommandError, "Исполнителю нужно подразделение"):
            call_command("createuser", "x", role="executor", password="a-long-password-2026")
        with self.assertRaisesMessage(CommandError, "Пользователь 'moderator' уже есть"):
            call_command("createuser", "moderator", role="analyst", password="a-long-pass-2026")

    def test_sla_errors(self) -> None:
        with self.assertRaisesMessage(CommandError, "--start — не дата и время ISO 8601"):
            call_command("sla", "due", "--start=вчера", "--working-hours=3")
        with self.assertRaisesMessage(CommandError, "Не дата (ГГГГ-ММ-ДД)"):
            call_command("sla", "check", "завтра")

    def test_loadcity_error(self) -> None:
        with self.assertRaisesMessage(CommandError, "Файл города не найден"):
            call_command("loadcity", "/nonexistent/city.json", stdout=io.StringIO())

    def test_import_reasons_are_russian(self) -> None:
        with self.assertRaisesMessage(CommandError, "Файл не найден"):
            call_command("import", "/nonexistent.csv", source="vk-city")
        path = Path(tempfile.mkdtemp()) / "bad.jsonl"
        path.write_text(
            '{"external_id": "1", "author": "А", "created_at": "2026-11-20T10:00:00"}\n'
            "{not json\n"
            '{"external_id": "3", "text": "т", "author": "А", "created_at": "вчера"}\n'
            '{"external_id": "4", "text": "т", "author": "А", '
            '"created_at": "2026-11-20T10:00:00", "likes": "много"}\n',
            encoding="utf-8",
        )
        reasons = dict(import_file(self.source, path).reasons)
        self.assertEqual(reasons[1], "не заполнены обязательные поля: text")
        self.assertIn("не JSON", reasons[2])
        self.assertIn("не дата и время ISO 8601", reasons[3])
        self.assertIn("должно быть целым числом", reasons[4])
        for reason in reasons.values():
            self.assertEqual(english_words(reason, CODES), [], reason)


class PermissionTextTests(BaseTestCase):
    def test_actions_deny_in_russian(self) -> None:
        incident = incident_actions.create_incident(
            self.moderator, [self.message()], department=self.dept_a
        )
        denied = [
            lambda: incident_actions.assign(self.executor_a, incident, self.dept_b),
            lambda: incident_actions.add_comment(self.executor_b, incident, "чужой"),
            lambda: suggestion_actions.set_auto_route(self.moderator, True),
            lambda: suggestion_actions.activate(
                self.moderator, ModelVersion(version="v", path="/nonexistent")
            ),
        ]
        for call in denied:
            with self.assertRaises(PermissionDenied) as caught:
                call()
            message = str(caught.exception)
            self.assertTrue(re.search("[а-яё]", message), message)
            self.assertEqual(english_words(message), [], message)
