"""otklik mailwatch NAME: store new letters the moment they arrive (IMAP IDLE).

Run one per e-mail source next to `otklik worker` (which turns the stored letters into
messages). Where the server lacks IDLE it polls every --interval seconds.
"""

from __future__ import annotations

import signal
from types import FrameType
from typing import Any

from django.core.management.base import CommandError, CommandParser

from otklik.command import OtklikCommand
from otklik.sources.email.client import IDLE_MAX
from otklik.sources.email.idle import watch
from otklik.sources.http import ChannelError
from otklik.sources.models import Source


class Command(OtklikCommand):
    help = (
        "Следить за почтовым ящиком источника через IMAP IDLE и сразу сохранять новые письма; "
        "работает до остановки (Ctrl-C или SIGTERM). С --once — один круг и выход."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="имя почтового источника")
        parser.add_argument(
            "--interval",
            type=float,
            default=60.0,
            help="секунд между опросами, если сервер без IDLE, и после ошибки (60)",
        )
        parser.add_argument(
            "--idle-timeout",
            type=float,
            default=IDLE_MAX,
            help="секунд в одном IDLE (не больше 29 минут)",
        )
        parser.add_argument("--once", action="store_true", help="один круг, затем выход")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Source.objects.filter(name=options["name"], kind=Source.Kind.EMAIL).first()
        if source is None:
            raise CommandError(f"нет источника электронной почты «{options['name']}»")

        def interrupt(signum: int, frame: FrameType | None) -> None:
            raise KeyboardInterrupt  # leaves IDLE at once; the mailbox is logged out

        if not options["once"]:
            signal.signal(signal.SIGTERM, interrupt)
        stored = 0
        try:
            stored = watch(
                source,
                interval=options["interval"],
                idle_timeout=min(options["idle_timeout"], IDLE_MAX),
                rounds=1 if options["once"] else None,
            )
        except KeyboardInterrupt:
            pass
        except ChannelError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Сохранено писем: {stored}")
