"""Setting channels up from the command line: Russian help, output and errors, no tracebacks on
an answer of an unexpected shape, both forms of --base-url, warnings that know what is stored."""

from __future__ import annotations

import contextlib
import io
import re
from datetime import timedelta
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone

from otklik.cli import main
from otklik.sources.http import AuthError, ChannelError
from otklik.sources.localserver import LocalServer
from otklik.sources.models import InboundPayload, Source
from otklik.sources.polling import poll_sources
from otklik.sources.telegram.client import TelegramClient
from otklik.sources.telegram.tests.helpers import TOKEN as TG_TOKEN
from otklik.sources.telegram.tests.helpers import fixture as tg_fixture
from otklik.sources.vk.client import VkClient
from otklik.sources.vk.tests.helpers import TOKEN as VK_TOKEN
from otklik.sources.vk.tests.helpers import fixture as vk_fixture
from tests.visible import english_words

# Names and codes the help names as they are: platforms' own words, options' values, methods.
CODES = {"source", "add", "list", "test", "poll", "backfill", "feed", "email", "wall.post",
         "newsfeed.search", "Callback", "Long", "Poll", "Bots", "INBOX", "ssl", "starttls",
         "none", "method", "bot", "Graph", "access_token", "worker", "otklik", "name",
         "kind"}  # fmt: skip


OPTIONS = re.compile(r"-{1,2}[\w-]+|\b[A-Z][A-Z0-9_]{2,}\b|<[^>]*>")


def run(*args: str) -> str:
    out = StringIO()
    call_command("source", *args, stdout=out)
    return out.getvalue()


def help_text(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main(["source", *argv, "--help"])
    return out.getvalue()


class HelpTest(TestCase):
    def test_help_is_russian_and_says_both_base_url_forms(self) -> None:
        for argv in ((), ("add",), ("list",), ("test",), ("poll",), ("backfill",)):
            text = help_text(*argv)
            self.assertIn("Использование: otklik source", text)
            words = english_words(OPTIONS.sub(" ", text), CODES)
            self.assertEqual(words, [], argv)
        add = " ".join(help_text("add").split())
        self.assertIn("…/method/", add)
        self.assertIn("корень хоста", add)
        self.assertIn("…/bot<токен>/", add)


class ServerTest(TestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__)

    def add_vk(self, *extra: str, name: str = "city") -> str:
        return run(
            "add", "vk", "--name", name, "--group-id", "1", "--secret", "S3cret",
            "--confirmation", "c0nf1rm", "--token", VK_TOKEN, "--base-url", self.server.url,
            *extra,
        )  # fmt: skip


class UnexpectedAnswerTest(ServerTest):
    def test_an_answer_without_groups_is_a_russian_error_not_a_traceback(self) -> None:
        self.add_vk()
        self.server.reply("groups.getById", body={"response": {"count": 1}})
        with self.assertRaises(CommandError) as caught:
            run("test", "city")
        self.assertIn("city: ВКонтакте: неожиданный ответ groups.getById", str(caught.exception))
        self.assertIn("неожиданный ответ", Source.objects.get(name="city").last_error)

    def test_any_unexpected_shape_is_named_and_kept_on_the_source(self) -> None:
        self.add_vk()
        self.server.reply("groups.getById", body={"response": {"groups": ["not an object"]}})
        with self.assertRaisesMessage(CommandError, "сообщество 1 не найдено"):
            run("test", "city")
        self.server.replies.clear()
        self.server.reply("groups.getLongPollServer", body={"response": {"key": "k"}})  # no server
        Source.objects.filter(name="city").update(
            settings={"group_id": 1, "base_url": self.server.url, "long_poll": True}
        )
        with self.assertRaises(CommandError) as caught:
            run("poll", "city")
        self.assertIn("неожиданный ответ площадки (KeyError: 'server')", str(caught.exception))
        Source.objects.filter(name="city").update(poll_interval=1, last_error="")
        self.assertEqual(poll_sources(), 0)  # the worker records it and goes on
        self.assertIn("KeyError: 'server'", Source.objects.get(name="city").last_error)

    def test_channel_errors_are_russian(self) -> None:
        Source.objects.create(name="vk-seversk", kind=Source.Kind.VK)
        with self.assertRaisesMessage(
            CommandError, "vk-seversk: ВКонтакте, источник vk-seversk: не задан group_id"
        ):
            run("test", "vk-seversk")
        with self.assertRaisesMessage(CommandError, "Нет источника «nope»"):
            run("test", "nope")


class ListTest(TestCase):
    def test_list_shows_the_newest_payload_when_no_event_was_marked(self) -> None:
        source = Source.objects.create(name="tg-seversk", kind=Source.Kind.TELEGRAM)
        moment = timezone.now() - timedelta(hours=5)
        InboundPayload.objects.create(source=source, external_id="1", received_at=moment)
        listing = run("list")
        self.assertIn(f"последнее событие {timezone.localtime(moment):%d.%m.%Y %H:%M}", listing)
        self.assertIn("ключи: нет", listing)


class StoredSecretTest(ServerTest):
    def test_an_update_does_not_warn_about_a_stored_secret(self) -> None:
        first = run("add", "telegram", "--name", "bot", "--token", TG_TOKEN,
                    "--webhook-secret", "hook-s3cret")  # fmt: skip
        self.assertNotIn("--webhook-secret", first)
        again = run("add", "telegram", "--name", "bot", "--channel-id", "@city_adm")
        self.assertIn("Канал telegram bot обновлён", again)
        self.assertNotIn("--webhook-secret", again)
        self.assertNotIn("hook-s3cret", again)
        bare = run("add", "telegram", "--name", "bot2", "--token", TG_TOKEN)
        self.assertIn("Не задан --webhook-secret", bare)

    def test_a_vk_update_does_not_warn_about_a_stored_token(self) -> None:
        self.add_vk()
        again = run("add", "vk", "--name", "city", "--title", "Город")
        self.assertNotIn("--token", again)
        no_token = run("add", "vk", "--name", "city2", "--group-id", "2", "--secret", "s",
                       "--confirmation", "c")  # fmt: skip
        self.assertIn("Не задан --token", no_token)


class BaseUrlTest(ServerTest):
    def test_vk_takes_the_method_path_or_the_host_root(self) -> None:
        self.server.reply("groups.getById", body=vk_fixture("groups_get_by_id"))
        for base in (self.server.url, self.server.url + "method/", self.server.url + "method"):
            VkClient(VK_TOKEN, base, rate=1000).groups_get_by_id(1)
        paths = [r.path for r in self.server.calls("groups.getById")]
        self.assertEqual(paths, ["/method/groups.getById"] * 3)

    def test_telegram_takes_the_host_root_or_the_bot_path(self) -> None:
        self.server.reply("getMe", body=tg_fixture("get_me"))
        for base in (self.server.url, self.server.url + f"bot{TG_TOKEN}/", self.server.url + "bot"):
            TelegramClient(TG_TOKEN, base, rate=1000).get_me()
        paths = {r.path for r in self.server.calls("getMe")}
        self.assertEqual(paths, {f"/bot{TG_TOKEN}/getMe"})

    def test_the_cli_stores_either_form_and_the_test_passes(self) -> None:
        self.server.reply("groups.getById", body=vk_fixture("groups_get_by_id"))
        self.add_vk("--base-url", self.server.url + "method/", name="city-method")
        self.assertIn("связь есть", run("test", "city-method"))
        self.add_vk(name="city-root")
        self.assertIn("связь есть", run("test", "city-root"))


class TelegramNotFoundTest(ServerTest):
    def bot(self) -> TelegramClient:
        return TelegramClient(TG_TOKEN, self.server.url, rate=1000)

    def test_a_404_says_why(self) -> None:
        # An address that is not the Bot API (the local server's own 404 for an unknown path).
        with self.assertRaises(AuthError) as caught:
            self.bot().get_me()
        text = str(caught.exception)
        self.assertIn("404 (not scripted)", text)
        self.assertIn("адрес не найден", text)
        self.assertIn("--base-url", text)
        self.assertNotIn(TG_TOKEN, text)

    def test_telegram_own_404_and_a_non_json_404(self) -> None:
        self.server.reply(
            "getMe", 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        )
        with self.assertRaisesMessage(AuthError, "Telegram: 404 (Not Found): адрес не найден"):
            self.bot().get_me()
        self.server.replies.clear()
        self.server.reply("getMe", 404, b"<html>404 Not Found</html>")
        with self.assertRaisesMessage(ChannelError, "(HTTP 404): адрес не найден"):
            self.bot().get_me()
