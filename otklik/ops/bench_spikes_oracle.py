"""The oracle bound for spike alerts: `otklik bench spikes --oracle [--weeks 52] [--seed N]`, JSON.

On the very traffic of `otklik bench spikes` (the same seed, weeks and series give the same
counts and spikes: `bench_spikes.generate`), an oracle that knows the generator's true hourly
means without the spikes, each series' true NB2 α, and every spike's exact hours and size
tests just those hours: its evidence S is the sum over them of the negative binomial
log-likelihood ratio of the spike's size × the true mean against the true mean
(`shift.hourly_llr`, the detector's own formula) — by Neyman–Pearson the most powerful test of
that spike there is. A spike is found when S reaches the threshold and its hours hold at least
`min_count` messages (the detector's floor). No baseline is fitted: the oracle knows the truth.

The threshold spends the detector's false-alarm budget. The detector flags a series in an
evaluation when S ≥ h = log(m/q) (BH's first step, p = e^(−S) ≤ q/m over m series), and its
window-limited CUSUM crosses h at most once in e^h hours (Lorden): at most q/m false alarms
per series and evaluation. The oracle's statistic is a likelihood ratio Λ = e^S of one fixed
window, so without a spike E[Λ] = 1 and P(Λ ≥ e^h) ≤ e^(−h) = q/m (Markov's inequality): the
oracle run every hour on every series at the same h has the same budget per evaluation, at
most 168·q false alarms a week over the m series. What it does not pay for is the search: it
knows the start, length and size, where the detector tries twelve windows on a fitted
baseline. The looser threshold, S ≥ 6, spends e^(h−6) times that budget (17 times for 40
series, about 17 false alarms a week): even so generous an oracle misses many 3× spikes.
"""

from __future__ import annotations

import math
import time
from typing import Any

from otklik.analytics.spikes.detect import Params
from otklik.analytics.spikes.shift import hourly_llr
from otklik.ops.bench_spikes import (
    DURATIONS,
    SIZES,
    VALIDATION_SEED,
    VOLUMES,
    Spike,
    Traffic,
    _recall,
    bench_params,
    generate,
)

LOOSE_THRESHOLD = 6.0


def evidence(traffic: Traffic, spike: Spike) -> float:
    """The oracle's S for one spike: the summed NB log-likelihood ratio of its exact hours."""
    hours = slice(spike.start, spike.start + spike.hours)
    counts = traffic.counts[spike.series, hours]
    usual = traffic.usual[spike.series, hours]
    return float(hourly_llr(counts, usual, float(traffic.alpha[spike.series]), spike.size).sum())


def found(traffic: Traffic, spike: Spike, threshold: float, floor: int) -> bool:
    observed = int(traffic.counts[spike.series, spike.start : spike.start + spike.hours].sum())
    return observed >= floor and evidence(traffic, spike) >= threshold


def recalls(spikes: list[Spike], hits: set[Spike]) -> dict[str, Any]:
    """Recall overall, by size, by duration and by size × duration (`3x_6h`)."""
    marked = {s: 0 for s in hits}
    return {
        "recall": _recall(spikes, marked),
        "recall_by_size": {
            f"{x:g}x": _recall([s for s in spikes if s.size == x], marked) for x in SIZES
        },
        "recall_by_hours": {
            f"{h}h": _recall([s for s in spikes if s.hours == h], marked) for h in DURATIONS
        },
        "recall_by_size_hours": {
            f"{x:g}x_{h}h": _recall([s for s in spikes if (s.size, s.hours) == (x, h)], marked)
            for x in SIZES
            for h in DURATIONS
        },
    }


def bench_spikes_oracle(
    weeks: int = 52, seed: int = VALIDATION_SEED, series: int = 40, params: Params | None = None
) -> dict[str, Any]:
    started = time.perf_counter()
    history_weeks, params = bench_params(weeks, params)
    traffic = generate(weeks, seed, series, params.span_hours)
    threshold = math.log(series / params.q)
    spikes = traffic.spikes
    strict = {s for s in spikes if found(traffic, s, threshold, params.min_count)}
    loose = {s for s in spikes if found(traffic, s, LOOSE_THRESHOLD, params.min_count)}
    three_six = [s for s in spikes if (s.size, s.hours) == (3.0, 6)]
    strict_marked = {s: 0 for s in strict}
    return {
        "oracle": True,
        "weeks": weeks,
        "series": series,
        "seed": seed,
        "history_weeks": history_weeks,
        "messages": int(traffic.counts.sum()),
        "spikes": len(spikes),
        "threshold": round(threshold, 3),
        "loose_threshold": LOOSE_THRESHOLD,
        "false_alarms_per_week_budget": round(168 * params.q, 3),
        "oracle_recall_3x_6h": _recall(three_six, strict_marked),
        "oracle_recall_3x_6h_loose": _recall(three_six, {s: 0 for s in loose}),
        "oracle_recall_3x_6h_by_usual_count": {
            name: _recall([s for s in three_six if lo <= s.usual < hi], strict_marked)
            for name, (lo, hi) in VOLUMES.items()
        },
        "oracle_recall": recalls(spikes, strict),
        "oracle_recall_loose": recalls(spikes, loose),
        "min_count": params.min_count,
        "seconds": round(time.perf_counter() - started, 1),
    }
