"""otklik retrain: train a new triage model version from the administration's own decisions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from otklik.command import OtklikCommand
from otklik.suggestions.training import corpus_rows, retrain


class Command(OtklikCommand):
    help = (
        "Train a new version of the triage models from history (messages in incidents, "
        "dismissed messages) plus moderators' corrections, optionally with a labelled JSONL "
        "corpus. The version is evaluated on a fixed held-out slice and becomes active unless "
        "it is worse than the active one; see and switch versions at /triage/models/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--corpus", type=Path, help="labelled JSONL (the demo corpus format)")
        parser.add_argument("--note", default="", help="a note shown beside the version")

    def handle(self, *args: Any, **options: Any) -> None:
        extra = corpus_rows(options["corpus"]) if options["corpus"] else []
        try:
            result = retrain(extra, note=options["note"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(result, ensure_ascii=False))
