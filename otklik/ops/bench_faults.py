"""Scripted faults: kill -9, a database restart, platform errors, a replayed day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError


def bench_faults(options: dict[str, Any]) -> dict[str, Any]:
    raise CommandError("Замер «faults» ещё не собран.")
