"""otklik worker: run every app's registered periodic tasks (otklik.periodic) in a loop."""

from __future__ import annotations

import logging
import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import CommandParser
from django.db import close_old_connections, connection

from otklik import periodic
from otklik.command import OtklikCommand

log = logging.getLogger(__name__)


def run_tasks(batch: int) -> int:
    """One pass over the registered tasks; a failing task is logged and never stops the rest."""
    done = 0
    for task in periodic.tasks():
        try:
            done += task.func(batch)
        except Exception:
            log.exception("worker task %s failed", task.name)
    return done


class Command(OtklikCommand):
    help = (
        "Обрабатывать очередь: периодические задачи всех частей (приём, разбор, публикация, "
        "сроки, уведомления). Работает, пока не остановят; одновременно может работать сколько "
        "угодно обработчиков (каждую запись берёт один). --once обрабатывает то, что ждёт, "
        "и завершается."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="обработать то, что ждёт, и выйти")
        parser.add_argument("--batch", type=int, default=200, help="сколько записей брать за раз")
        parser.add_argument(
            "--sleep", type=float, default=2.0, help="сколько секунд ждать, когда работы нет"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        total = 0
        while not self.stopping:
            # As Django does around each request: a connection broken by a database restart is
            # closed here and opened afresh by the next query (else every pass fails on it).
            if not connection.in_atomic_block:  # inside a test's transaction it would end it
                close_old_connections()
            done = run_tasks(options["batch"])
            total += done
            if done:
                log.info("handled %s rows", done)
                continue
            if options["once"]:
                break
            time.sleep(options["sleep"])
        self.stdout.write(f"Обработано записей: {total}")
