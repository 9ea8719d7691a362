"""The demo's analytics: the rollups built from the seeded year at once, so the dashboard, the
map and the reports show it before the worker's first pass (and with `--no-serve`)."""

from __future__ import annotations

from typing import Any

from otklik.analytics.actions.rollups import rebuild


def demo_step(command: Any) -> None:
    counts = rebuild()
    command.say(f"Сводки аналитики: инцидентов {counts['incidents']}, дней {counts['days']}")
