"""otklik worker: run every app's registered periodic tasks (otklik.periodic) in a loop."""

from __future__ import annotations

import logging
import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import CommandParser

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
        "Process the queue: every app's periodic tasks (intake, triage, publication, deadlines, "
        "notifications). Runs until stopped; "
        "any number of workers may run at once (each row is claimed by one). "
        "--once processes what is pending and exits."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="process what is pending, then exit"
        )
        parser.add_argument("--batch", type=int, default=200, help="rows claimed at a time")
        parser.add_argument("--sleep", type=float, default=2.0, help="seconds to wait when idle")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        total = 0
        while not self.stopping:
            done = run_tasks(options["batch"])
            total += done
            if done:
                log.info("handled %s rows", done)
                continue
            if options["once"]:
                break
            time.sleep(options["sleep"])
        self.stdout.write(f"Обработано записей: {total}")
