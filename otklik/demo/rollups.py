"""The demo's analytics: the rollups built from the seeded year at once, so the dashboard, the
map and the reports show it before the worker's first pass (and with `--no-serve`).

The first start builds them whole; a later one only catches up with what changed since (the
worker's own streams: new history lines, messages, deadlines that passed), which is what a
restarted demo needs and takes a moment instead of a year's recount.
"""

from __future__ import annotations

from typing import Any

from otklik.analytics.actions.rollups import rebuild, update_rollups
from otklik.analytics.models import RollupCursor


def demo_step(command: Any) -> None:
    if RollupCursor.objects.exists():
        handled = 0
        while done := update_rollups():
            handled += done
        command.say(f"Сводки аналитики обновлены: изменений {handled}")
        return
    counts = rebuild()
    command.say(f"Сводки аналитики: инцидентов {counts['incidents']}, дней {counts['days']}")
