"""otklik source add / list / test, for VK."""

from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from otklik.sources.localserver import LocalServer
from otklik.sources.models import Source
from otklik.sources.vk.tests.helpers import TOKEN, fixture


def run(*args: str) -> str:
    out = StringIO()
    call_command("source", *args, stdout=out)
    return out.getvalue()


class SourceCommandTest(TestCase):
    def add(self, *extra: str) -> str:
        return run(
            "add", "vk", "--name", "city", "--group-id", "1", "--secret", "S3cret",
            "--confirmation", "c0nf1rm", "--token", TOKEN, *extra,
        )  # fmt: skip

    def test_add_stores_secrets_apart_and_prints_none(self) -> None:
        out = self.add()
        self.assertIn("Канал vk city добавлен", out)
        self.assertIn("/hooks/vk/city/", out)
        source = Source.objects.get(name="city")
        self.assertEqual(source.settings, {"group_id": 1})
        self.assertEqual(source.credential.secrets["secret"], "S3cret")
        listing = run("list")
        self.assertIn("ключи: confirmation, secret, token", listing)
        for secret in ("S3cret", "c0nf1rm", TOKEN):
            self.assertNotIn(secret, out + listing)

    def test_add_again_updates_and_keeps_other_secrets(self) -> None:
        self.add()
        out = run("add", "vk", "--name", "city", "--group-id", "1", "--secret", "new",
                  "--confirmation", "c0nf1rm")  # fmt: skip
        self.assertIn("обновлён", out)
        secrets = Source.objects.get(name="city").credential.secrets
        self.assertEqual((secrets["secret"], secrets["token"]), ("new", TOKEN))

    def test_add_without_required_options_fails_clearly(self) -> None:
        with self.assertRaisesRegex(
            CommandError, "для канала vk нужны параметры: --group-id, --secret"
        ):
            run("add", "vk", "--name", "city", "--confirmation", "c")

    def test_test_reports_success_and_failure(self) -> None:
        with LocalServer() as server:
            self.add("--base-url", server.url)
            server.reply("groups.getById", body=fixture("groups_get_by_id"))
            server.reply("groups.getById", body=fixture("error_auth"))
            self.assertIn(
                "city: связь есть, сообщество ВКонтакте «Администрация города»", run("test", "city")
            )
            with self.assertRaisesRegex(CommandError, "city: площадка не приняла ключи") as caught:
                run("test", "city")
        self.assertNotIn(TOKEN, str(caught.exception))
        self.assertIn("авторизация не прошла", Source.objects.get(name="city").last_error)

    def test_test_unknown_source(self) -> None:
        with self.assertRaisesRegex(CommandError, "Нет источника «nope»"):
            run("test", "nope")
