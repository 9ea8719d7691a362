"""otklik bench import|inbox: speed figures as JSON (triage: see `otklik bench triage`)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser

from otklik.command import OtklikCommand
from otklik.ops.bench import bench_import, bench_inbox


class Command(OtklikCommand):
    help = (
        "Measure speed and print JSON. `import --n N`: import N synthetic messages into the "
        "configured database and replay them (run it on a throwaway OTKLIK_DATA_DIR or "
        "database: it adds data). `inbox --repeat K`: the inbox page time for the messages "
        "now in the database. `triage`: the NLP pipeline (otklik bench triage --help)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["import", "inbox"])
        parser.add_argument("--n", type=int, default=100_000, help="messages to import")
        parser.add_argument("--repeat", type=int, default=20, help="requests per inbox URL")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if options["what"] == "import":
            result = bench_import(options["n"])
        else:
            result = bench_inbox(options["repeat"])
        self.stdout.write(json.dumps(result, ensure_ascii=False))
