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
Secrets go into SourceCredential and are never printed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from otklik.command import OtklikCommand
from otklik.sources.actions import record_error, set_poll_interval
from otklik.sources.channels import (
    CHANNELS,
    MONITORING_NOTICE,
    adapter_for,
    channel_options,
    missing_options,
    save_channel_source,
    stored_options,
)
from otklik.sources.http import AuthError, ChannelError
from otklik.sources.models import Source, SourceCredential

WEBHOOKS = ("vk", "telegram", "max", "ok")
POLLED = ("feed", "email", "ok")
DEFAULT_POLL_SECONDS = 300
LONG_POLL_SECONDS = 1  # a Long Poll request itself waits up to 25 s for events


class Command(OtklikCommand):
    help = "Add, list and test channels (VK, Telegram …). Secrets are stored apart, never shown."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a channel, or update its settings and secrets")
        add.add_argument("kind", choices=sorted(CHANNELS))
        add.add_argument("--name", required=True, help="short name, used in the webhook URL")
        add.add_argument("--title", default="")
        add.add_argument("--mayor", action="store_true", help="the Mayor's personal page")
        add.add_argument("--base-url", help="API address (tests, proxies)")
        add.add_argument("--group-id", type=int, help="VK: the community id")
        add.add_argument("--secret", help="VK: Callback API secret key")
        add.add_argument("--confirmation", help="VK: the confirmation string")
        add.add_argument("--token", help="VK community token / Telegram bot token")
        add.add_argument("--user-token", help="VK: an administrator's token (for wall.post)")
        add.add_argument(
            "--long-poll",
            action="store_true",
            help="VK: receive by Bots Long Poll instead of the Callback API",
        )
        add.add_argument(
            "--monitor-keywords",
            help="VK: monitor PUBLIC posts of anyone mentioning these comma-separated words "
            "(newsfeed.search; personal data: off by default)",
        )
        add.add_argument("--service-token", help="VK: an application's service token (search)")
        add.add_argument("--webhook-secret", help="Telegram, MAX: the webhook's secret")
        add.add_argument("--channel-id", help="Telegram, MAX: the channel to post to")
        add.add_argument("--application-key", help="OK: the application's public key")
        add.add_argument("--secret-key", help="OK: the application's secret key (signs calls)")
        add.add_argument("--bot-token", help="OK: the Graph bot API token (group chats)")
        add.add_argument("--imap-host", help="e-mail: the IMAP server")
        add.add_argument("--imap-port", type=int, help="e-mail: IMAP port (993)")
        add.add_argument("--mailbox", help="e-mail: the folder to read (INBOX)")
        add.add_argument("--username", help="e-mail: the login")
        add.add_argument("--password", help="e-mail: the password")
        add.add_argument("--address", help="e-mail: our From address (default: the login)")
        add.add_argument("--smtp-host", help="e-mail: the SMTP server, for replies")
        add.add_argument("--smtp-port", type=int, help="e-mail: SMTP port (465)")
        add.add_argument("--smtp-security", choices=("ssl", "starttls", "none"))
        add.add_argument("--url", help="feed: the RSS/Atom address")
        add.add_argument(
            "--keywords", help="feed: comma-separated words to keep items by ('' keeps all)"
        )
        add.add_argument(
            "--poll-interval",
            type=int,
            help="seconds between polls by `otklik worker` (default: 300 for feed, email, "
            "ok; 0 = webhook only)",
        )
        sub.add_parser("list", help="list channels with their last event and error")
        test = sub.add_parser("test", help="call the platform with the stored credentials")
        test.add_argument("name")
        poll = sub.add_parser("poll", help="fetch new updates once (Telegram, MAX, feeds)")
        poll.add_argument("name")
        backfill = sub.add_parser("backfill", help="catch up on posts and comments since a moment")
        backfill.add_argument("name")
        backfill.add_argument("--hours", type=float, default=24.0, help="how far back (hours)")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"do_{options['action']}")(options)

    def do_add(self, options: dict[str, Any]) -> None:
        kind = options["kind"]
        missing = missing_options(kind, options, stored_options(options["name"]))
        if missing:
            flags = ", ".join("--" + key.replace("_", "-") for key in missing)
            raise CommandError(f"{kind} needs {flags}")
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
        self.stdout.write(f"{'Added' if created else 'Updated'} {kind} source {source.name}")
        if kind in WEBHOOKS:
            query = "?secret=…" if kind == "ok" else ""
            self.stdout.write(
                f"Webhook URL: https://<your host>/hooks/{kind}/{source.name}/{query}"
            )
        if kind in ("telegram", "max") and not options.get("webhook_secret"):
            self.stdout.write("No --webhook-secret: the webhook refuses updates; use polling.")
        if settings.get("monitor_keywords"):
            self.stdout.write("Warning: " + MONITORING_NOTICE)
        if kind == "vk" and not options.get("token"):
            self.stdout.write("No --token: callbacks work; backfill, replies and test do not.")

    def do_list(self, options: dict[str, Any]) -> None:
        sources = Source.objects.filter(kind__in=list(CHANNELS)).select_related("credential")
        for source in sources:
            try:
                keys = sorted(k for k, v in source.credential.secrets.items() if v)
            except SourceCredential.DoesNotExist:
                keys = []
            last = (
                source.last_event_at.isoformat(timespec="seconds") if source.last_event_at else "—"
            )
            state = "active" if source.is_active else "off"
            error = f"  error: {source.last_error[:80]}" if source.last_error else ""
            marks = "".join(
                f"  [{mark}]"
                for mark, on in (
                    ("the Mayor's page", source.is_mayor_page),
                    ("long poll", source.settings.get("long_poll")),
                    ("monitoring public posts", source.settings.get("monitor_keywords")),
                )
                if on
            )
            self.stdout.write(
                f"{source.name:<20} {source.kind:<9} {state:<6} last event {last}  "
                f"secrets: {', '.join(keys) or 'none'}{marks}{error}"
            )
        if not sources:
            self.stdout.write("No channels yet: otklik source add vk|telegram …")

    def do_test(self, options: dict[str, Any]) -> None:
        source = self._source(options["name"])
        try:
            result = adapter_for(source).test_connection()
        except AuthError as exc:
            record_error(source, exc)
            raise CommandError(f"{source.name}: credentials rejected: {exc}") from exc
        except ChannelError as exc:
            record_error(source, exc)
            raise CommandError(f"{source.name}: {exc}") from exc
        self.stdout.write(f"OK {source.name}: {result}")

    def do_poll(self, options: dict[str, Any]) -> None:
        source = self._source(options["name"])
        new = self._run(source, lambda adapter: adapter.poll())
        self.stdout.write(f"{source.name}: {new} new payloads")

    def do_backfill(self, options: dict[str, Any]) -> None:
        source = self._source(options["name"])
        since: datetime = timezone.now() - timedelta(hours=options["hours"])
        new = self._run(source, lambda adapter: adapter.backfill(since))
        self.stdout.write(f"{source.name}: {new} new payloads since {since:%Y-%m-%d %H:%M} UTC")

    def _run(self, source: Source, call: Any) -> int:
        try:
            return call(adapter_for(source))
        except ChannelError as exc:
            record_error(source, exc)
            raise CommandError(f"{source.name}: {exc}") from exc

    def _source(self, name: str) -> Source:
        source = Source.objects.filter(name=name).first()
        if source is None:
            raise CommandError(f"No source named {name!r}")
        if source.kind not in CHANNELS:
            raise CommandError(f"{name} is a {source.kind} source, not a channel")
        return source
