"""otklik worker: process pending inbound payloads (and, later, other queued work) in a loop."""

from __future__ import annotations

import logging
import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import CommandParser
from django.utils.module_loading import import_string

from otklik.command import OtklikCommand

log = logging.getLogger(__name__)

# Each task takes a batch size and returns how many rows it handled; later capabilities add theirs.
TASKS = [
    "otklik.sources.polling.poll_sources",
    "otklik.sources.actions.process_pending",
    "otklik.suggestions.actions.triage_pending",
    "otklik.suggestions.schedule.retrain_if_due",
    "otklik.answers.actions.publish_pending",
    "otklik.answers.resident.scan_replies",
    "otklik.incidents.sla.check_deadlines",
    "otklik.notify.actions.send_pending",
]


def run_tasks(batch: int) -> int:
    done = 0
    for path in TASKS:
        task = import_string(path)
        try:
            done += task(batch)
        except Exception:
            log.exception("worker task %s failed", path)
    return done


class Command(OtklikCommand):
    help = (
        "Process the queue: turn pending inbound payloads into messages. Runs until stopped; "
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
