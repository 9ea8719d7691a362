"""End to end under a burst: webhook → raw payload → message → triage suggestion."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError


def bench_pipeline(options: dict[str, Any]) -> dict[str, Any]:
    raise CommandError("Замер «pipeline» ещё не собран.")
