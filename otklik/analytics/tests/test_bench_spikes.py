"""otklik bench spikes at a tiny size: the JSON has its keys (no quality thresholds here)."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

KEYS = {
    "recall",
    "recall_by_size",
    "recall_3x_6h",
    "recall_3x_6h_at_floor",
    "share_3x_6h_at_floor",
    "false_alarms_per_week",
    "median_detection_delay_hours",
    "spikes",
    "params",
}


def test_bench_spikes_prints_its_figures() -> None:
    out = StringIO()
    call_command("bench", "spikes", "--weeks", "4", "--n", "4", "--seed", "1", stdout=out)
    result = json.loads(out.getvalue())
    assert KEYS <= set(result)
    assert set(result["recall_by_size"]) == {"1.5x", "2x", "3x", "5x"}
    assert (result["weeks"], result["series"]) == (4, 4)
