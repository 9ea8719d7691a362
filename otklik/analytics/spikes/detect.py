"""One evaluation (what the worker does every hour): every series' last hours against its
baseline, then Benjamini–Hochberg across the series."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from otklik.analytics.spikes.baseline import Baseline, BaselineParams, fit_baseline
from otklik.analytics.spikes.fdr import benjamini_hochberg
from otklik.analytics.spikes.tail import nb_tail, window_moments

WEEK_HOURS = 7 * 24


@dataclass(frozen=True)
class Params:
    history_hours: int = 8 * WEEK_HOURS  # the baseline's trailing eight weeks
    windows: tuple[int, ...] = (1, 3, 6)  # hours, each ending at the last full hour
    min_count: int = 5  # fewer messages in the window is never a spike
    min_ratio: float = 1.5  # nor less than this many times the expected count
    q: float = 0.005  # BH level per evaluation (≤ 168·q false alarms a week under the null)
    baseline: BaselineParams = field(default_factory=BaselineParams)

    @property
    def span_hours(self) -> int:
        """How many hours of counts an evaluation needs: the history and the longest window."""
        return self.history_hours + max(self.windows)


@dataclass(frozen=True)
class Finding:
    key: Hashable
    hours: int  # the window's length, ending at the last hour of the series
    observed: int
    expected: float
    p_value: float  # the smallest window's tail probability × the number of windows, ≤ 1
    flagged: bool = False
    baseline: Baseline | None = field(default=None, compare=False, repr=False)

    @property
    def ratio(self) -> float:
        return self.observed / self.expected if self.expected > 0 else float("inf")


def evaluate(key: Hashable, counts: np.ndarray, cells: np.ndarray, params: Params) -> Finding:
    """Test the last windows of one series; `counts` and `cells` cover at least span_hours,
    oldest first, the last entry being the hour just ended."""
    longest = max(params.windows)
    counts = np.asarray(counts)[-params.span_hours :]
    cells = np.asarray(cells)[-params.span_hours :]
    recent = counts[-longest:]
    if recent.sum() < params.min_count:  # cheap: no window can qualify, no fit needed
        return Finding(key, longest, int(recent.sum()), float("nan"), 1.0)
    baseline = fit_baseline(counts[:-longest], cells[:-longest], params.baseline)
    tests = [_window(counts, cells, hours, baseline, params) for hours in params.windows]
    best = min(tests, key=lambda t: (t[3], -t[0]))
    hours, observed, expected, p = best
    p = min(1.0, p * len(params.windows))
    return Finding(key, hours, observed, expected, p, baseline=baseline)


def _window(
    counts: np.ndarray, cells: np.ndarray, hours: int, baseline: Baseline, params: Params
) -> tuple[int, int, float, float]:
    observed = int(counts[-hours:].sum())
    expected = baseline.expected(cells[-hours:])
    mean, variance = window_moments(expected, baseline.alpha, baseline.level_var)
    if observed < params.min_count or observed < params.min_ratio * mean:
        return hours, observed, mean, 1.0
    return hours, observed, mean, nb_tail(observed, mean, variance)


def flag(findings: Iterable[Finding], q: float) -> list[Finding]:
    """Benjamini–Hochberg over every finding of one evaluation."""
    findings = list(findings)
    rejected = benjamini_hochberg([f.p_value for f in findings], q)
    return [replace(f, flagged=r) for f, r in zip(findings, rejected, strict=True)]


def detect(
    series: Mapping[Hashable, np.ndarray],
    cells: np.ndarray,
    params: Params | None = None,
    extra: Iterable[Finding] = (),
) -> list[Finding]:
    """Every series evaluated on the shared hour grid `cells`, `extra` findings (new-topic
    clusters) joined, BH applied; all findings are returned, the spikes with flagged=True."""
    params = params or Params()
    found = [evaluate(key, counts, cells, params) for key, counts in series.items()]
    return flag([*found, *extra], params.q)
