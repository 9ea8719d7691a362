"""otklik bench spikes (and --oracle) at a tiny size: the JSON has its keys (no quality
thresholds here); the generator's traffic is unchanged; the oracle finds an obvious spike."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import replace
from io import StringIO

import numpy as np
from django.core.management import call_command

from otklik.ops.bench_spikes import Spike, Traffic, generate
from otklik.ops.bench_spikes_oracle import found

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
ORACLE_KEYS = {
    "oracle_recall_3x_6h",
    "oracle_recall_3x_6h_loose",
    "oracle_recall_3x_6h_by_usual_count",
    "oracle_recall",
    "oracle_recall_loose",
    "threshold",
    "loose_threshold",
    "spikes",
}


def test_bench_spikes_prints_its_figures() -> None:
    out = StringIO()
    call_command("bench", "spikes", "--weeks", "4", "--n", "4", "--seed", "1", stdout=out)
    result = json.loads(out.getvalue())
    assert KEYS <= set(result)
    assert set(result["recall_by_size"]) == {"1.5x", "2x", "3x", "5x"}
    assert (result["weeks"], result["series"]) == (4, 4)


def test_the_generator_gives_the_counts_it_gave_before_the_oracle() -> None:
    """Exposing the true means and α must not change the traffic: the counts of a small run
    (seed 1, 4 weeks, 4 series) hash as they did before `generate` existed."""
    traffic = generate(4, 1, 4, 2 * 168 + 12)
    digest = hashlib.sha256(traffic.counts.astype("<i4").tobytes()).hexdigest()
    assert (digest[:16], int(traffic.counts.sum()), len(traffic.spikes)) == (
        "2801ed34fa39963a",
        8977,
        2,
    )
    assert traffic.usual.shape == traffic.counts.shape
    assert traffic.alpha.shape == (4,)


def test_bench_spikes_oracle_prints_its_figures() -> None:
    out = StringIO()
    call_command(
        "bench", "spikes", "--oracle", "--weeks", "4", "--n", "4", "--seed", "1", stdout=out
    )
    result = json.loads(out.getvalue())
    assert ORACLE_KEYS <= set(result)
    assert set(result["oracle_recall"]["recall_by_size_hours"]) == {
        f"{x}x_{h}h" for x in ("1.5", "2", "3", "5") for h in (3, 6, 12)
    }
    assert result["threshold"] == round(math.log(4 * 168), 3)
    assert result["loose_threshold"] < result["threshold"]


def test_the_oracle_finds_a_fivefold_twelve_hour_spike_in_a_busy_series() -> None:
    traffic = generate(4, 1, 4, 2 * 168 + 12)
    series = int(traffic.usual.sum(axis=1).argmax())
    windows = np.convolve(traffic.usual[series], np.ones(12), mode="valid")
    start = 2 * 168 + 12 + int(windows[2 * 168 + 12 :].argmax())
    usual = traffic.usual[series, start : start + 12]
    spike = Spike(series, start, 12, 5.0, round(float(usual.sum()), 2))
    assert spike.usual >= 10  # busy: the window usually holds ten messages or more

    def with_counts(counts: np.ndarray) -> Traffic:
        changed = traffic.counts.copy()
        changed[series, start : start + 12] = counts
        return replace(traffic, counts=changed)

    threshold = math.log(4 * 168)
    assert found(with_counts(np.round(5 * usual)), spike, threshold, floor=5)
    assert not found(with_counts(np.round(usual)), spike, threshold, floor=5)
