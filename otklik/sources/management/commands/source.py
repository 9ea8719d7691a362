"""otklik source add|list|test|poll|backfill: channels from the command line.

    otklik source add vk --name city --group-id 123 --secret S --confirmation C [--token T]
                         [--long-poll] [--monitor-keywords "Северск,ЗАТО Северск"]
    otklik source add telegram --name bot --token T --webhook-secret S
    otklik source add ok --name ok-city --group-id G --application-key K --token T --secret-key S
                         [--bot-token B --webhook-secret W]
    otklik source add email --name mail --imap-host H --username U --password P
                         [--smtp-host H --smtp-port 465 --smtp-security ssl|starttls|none]
    otklik source add feed --name tomsk-news --url https://… [--keywords "Северск,Самусь"]
    otklik source list
    otklik source test NAME
Secrets go into SourceCredential and are never printed. Output and errors are in Russian.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db.models import Max
from django.utils import timezone

from otklik.command import OtklikCommand
from otklik.sources.actions import record_error, set_poll_interval
from otklik.sources.channels import (
    CHANNELS,
    MONITORING_NOTICE,
    UNEXPECTED,
    ChannelAdapter,
    adapter_for,
    channel_options,
    missing_options,
    save_channel_source,
    stored_options,
    unexpected_answer,
)
from otklik.sources.http import AuthError, ChannelError
from otklik.sources.models import Source, SourceCredential

WEBHOOKS = ("vk", "telegram", "max", "ok")
POLLED = ("feed", "email", "ok")
DEFAULT_POLL_SECONDS = 300
LONG_POLL_SECONDS = 1  # a Long Poll request itself waits up to 25 s for events
BASE_URL_HELP = (
    "адрес API (тесты, прокси). ВКонтакте: …/method/ (как у VK: https://api.vk.com/method/) "
    "или корень хоста — тогда method/ добавится сам; Telegram: корень хоста "
    "(https://api.telegram.org) или …/bot<токен>/ — часть bot… отбрасывается; MAX, "
    "Одноклассники: корень хоста"
)


class Command(OtklikCommand):
    help = (
        "Добавить, перечислить и проверить каналы (ВКонтакте, Telegram, MAX, Одноклассники, "
        "почта, ленты). Секреты хранятся отдельно и не выводятся."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="действия")
        add = sub.add_parser("add", help="добавить канал или изменить его настройки и секреты")
        add.add_argument("kind", choices=sorted(CHANNELS), help="платформа")
        add.add_argument("--name", required=True, help="короткое имя, оно же в адресе вебхука")
        add.add_argument("--title", default="", help="название для людей")
        add.add_argument("--mayor", action="store_true", help="личная страница мэра")
        add.add_argument("--base-url", help=BASE_URL_HELP)
        add.add_argument("--group-id", type=int, help="ВКонтакте, Одноклассники: ID сообщества")
        add.add_argument("--secret", help="ВКонтакте: секретный ключ Callback API")
        add.add_argument("--confirmation", help="ВКонтакте: строка подтверждения")
        add.add_argument(
            "--token",
            help="ВКонтакте: ключ сообщества; Telegram, MAX: токен бота; "
            "Одноклассники: access_token",
        )
        add.add_argument("--user-token", help="ВКонтакте: токен администратора (для wall.post)")
        add.add_argument(
            "--long-poll",
            action="store_true",
            help="ВКонтакте: получать события через Bots Long Poll, а не Callback API",
        )
        add.add_argument(
            "--monitor-keywords",
            help="ВКонтакте: собирать ПУБЛИЧНЫЕ посты любых людей с этими словами через "
            "запятую (newsfeed.search; персональные данные, по умолчанию выключено)",
        )
        add.add_argument(
            "--service-token", help="ВКонтакте: сервисный ключ приложения (для поиска)"
        )
        add.add_argument("--webhook-secret", help="Telegram, MAX, Одноклассники: секрет вебхука")
        add.add_argument("--channel-id", help="Telegram, MAX: канал для публикации постов")
        add.add_argument("--application-key", help="Одноклассники: публичный ключ приложения")
        add.add_argument(
            "--secret-key", help="Одноклассники: секретный ключ приложения (подписывает вызовы)"
        )
        add.add_argument("--bot-token", help="Одноклассники: токен бота Graph API (чаты групп)")
        add.add_argument("--imap-host", help="почта: сервер IMAP")
        add.add_argument("--imap-port", type=int, help="почта: порт IMAP (993)")
        add.add_argument("--mailbox", help="почта: папка, которую читать (INBOX)")
        add.add_argument("--username", help="почта: логин")
        add.add_argument("--password", help="почта: пароль")
        add.add_argument("--address", help="почта: наш адрес отправителя (по умолчанию логин)")
        add.add_argument("--smtp-host", help="почта: сервер SMTP, для ответов")
        add.add_argument("--smtp-port", type=int, help="почта: порт SMTP (465)")
        add.add_argument(
            "--smtp-security", choices=("ssl", "starttls", "none"), help="почта: защита SMTP"
        )
        add.add_argument("--url", help="лента: адрес RSS/Atom")
        add.add_argument(
            "--keywords", help="лента: слова через запятую, по которым брать записи ('' — все)"
        )
        add.add_argument(
            "--poll-interval",
            type=int,
            help="секунд между опросами в otklik worker (по умолчанию 300 для ленты, почты и "
            "Одноклассников; 0 — только вебхук)",
        )
        sub.add_parser("list", help="список каналов с последним событием и ошибкой")
        test = sub.add_parser("test", help="обратиться к платформе с сохранёнными ключами")
        test.add_argument("name", help="имя источника")
        poll = sub.add_parser(
            "poll", help="один раз забрать новое (Telegram, MAX, Одноклассники, ленты, почта)"
        )
        poll.add_argument("name", help="имя источника")
        backfill = sub.add_parser("backfill", help="догрузить посты и комментарии за период")
        backfill.add_argument("name", help="имя источника")
        backfill.add_argument(
            "--hours", type=float, default=24.0, help="за сколько часов назад (24)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"do_{options['action']}")(options)

    def do_add(self, options: dict[str, Any]) -> None:
        kind = options["kind"]
        stored = stored_options(options["name"])
        missing = missing_options(kind, options, stored)
        if missing:
            flags = ", ".join("--" + key.replace("_", "-") for key in missing)
            raise CommandError(f"для канала {kind} нужны параметры: {flags}")
        settings, secrets = channel_options(kind, options)
        try:
            source, created = save_channel_source(
                options["name"], kind, settings, secrets, options["title"], options["mayor"]
            )
        except ChannelError as exc:
            raise CommandError(str(exc)) from exc
        interval = options.get("poll_interval")
        if interval is None and created and kind in POLLED:
            interval = DEFAULT_POLL_SECONDS
        if interval is None and source.poll_interval == 0:
            if settings.get("long_poll"):
                interval = LONG_POLL_SECONDS
            elif settings.get("monitor_keywords"):
                interval = DEFAULT_POLL_SECONDS
        if interval is not None:
            set_poll_interval(source, interval)
        self.stdout.write(f"Канал {kind} {source.name} {'добавлен' if created else 'обновлён'}")
        if kind in WEBHOOKS:
            query = "?secret=…" if kind == "ok" else ""
            self.stdout.write(
                f"Адрес вебхука: https://<ваш сервер>/hooks/{kind}/{source.name}/{query}"
            )
        has = self._has(options, stored)
        if kind in ("telegram", "max") and not has("webhook_secret"):
            self.stdout.write(
                "Не задан --webhook-secret: вебхук отклонит обновления; получайте их опросом."
            )
        if settings.get("monitor_keywords"):
            self.stdout.write("Внимание: " + MONITORING_NOTICE)
        if kind == "vk" and not has("token"):
            self.stdout.write(
                "Не задан --token: события Callback API приходят, но догрузка, ответы и "
                "проверка не работают."
            )

    @staticmethod
    def _has(options: dict[str, Any], stored: dict[str, Any]) -> Callable[[str], bool]:
        """Given now, or kept from before (an update keeps the stored secrets)."""
        return lambda key: bool(options.get(key) or stored.get(key))

    def do_list(self, options: dict[str, Any]) -> None:
        sources = (
            Source.objects.filter(kind__in=list(CHANNELS))
            .select_related("credential")
            .annotate(newest_payload_at=Max("payloads__received_at"))
        )
        for source in sources:
            try:
                keys = sorted(k for k, v in source.credential.secrets.items() if v)
            except SourceCredential.DoesNotExist:
                keys = []
            moment = source.last_event_at or source.newest_payload_at
            last = timezone.localtime(moment).strftime("%d.%m.%Y %H:%M") if moment else "—"
            state = "включён" if source.is_active else "выключен"
            error = f"  ошибка: {source.last_error[:80]}" if source.last_error else ""
            marks = "".join(
                f"  [{mark}]"
                for mark, on in (
                    ("страница мэра", source.is_mayor_page),
                    ("Long Poll", source.settings.get("long_poll")),
                    ("мониторинг публичных постов", source.settings.get("monitor_keywords")),
                )
                if on
            )
            self.stdout.write(
                f"{source.name:<20} {source.kind:<9} {state:<8} последнее событие {last}  "
                f"ключи: {', '.join(keys) or 'нет'}{marks}{error}"
            )
        if not sources:
            self.stdout.write("Каналов пока нет: otklik source add vk|telegram …")

    def do_test(self, options: dict[str, Any]) -> None:
        source = self._source(options["name"])
        try:
            result = adapter_for(source).test_connection()
        except AuthError as exc:
            record_error(source, exc)
            raise CommandError(f"{source.name}: площадка не приняла ключи: {exc}") from None
        except ChannelError as exc:
            record_error(source, exc)
            raise CommandError(f"{source.name}: {exc}") from None
        except UNEXPECTED as exc:
            error = unexpected_answer(source, exc)
            record_error(source, error)
            raise CommandError(f"{source.name}: {error}") from None
        self.stdout.write(f"{source.name}: связь есть, {result}")

    def do_poll(self, options: dict[str, Any]) -> None:
        source = self._source(options["name"])
        new = self._run(source, lambda adapter: adapter.poll())
        self.stdout.write(f"{source.name}: новых пакетов: {new}")

    def do_backfill(self, options: dict[str, Any]) -> None:
        source = self._source(options["name"])
        since: datetime = timezone.now() - timedelta(hours=options["hours"])
        new = self._run(source, lambda adapter: adapter.backfill(since))
        start = timezone.localtime(since).strftime("%d.%m.%Y %H:%M")
        self.stdout.write(f"{source.name}: новых пакетов с {start}: {new}")

    def _run(self, source: Source, call: Callable[[ChannelAdapter], int]) -> int:
        try:
            return call(adapter_for(source))
        except ChannelError as exc:
            record_error(source, exc)
            raise CommandError(f"{source.name}: {exc}") from None
        except UNEXPECTED as exc:
            error = unexpected_answer(source, exc)
            record_error(source, error)
            raise CommandError(f"{source.name}: {error}") from None

    def _source(self, name: str) -> Source:
        source = Source.objects.filter(name=name).first()
        if source is None:
            raise CommandError(f"Нет источника «{name}»")
        if source.kind not in CHANNELS:
            raise CommandError(f"«{name}» — источник типа {source.kind}, а не канал")
        return source
