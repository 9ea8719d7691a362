"""One evaluation (what the worker does every hour): every series' last hours against its
baseline — the window-limited CUSUM of a ×3 rise (`shift.py`) — then Benjamini–Hochberg across
the series."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from otklik.analytics.spikes.baseline import Baseline, BaselineParams, fit_baseline
from otklik.analytics.spikes.fdr import benjamini_hochberg
from otklik.analytics.spikes.shift import hourly_llr, window_scores

WEEK_HOURS = 7 * 24


@dataclass(frozen=True)
class Params:
    history_hours: int = 8 * WEEK_HOURS  # the baseline's trailing eight weeks
    longest: int = 12  # hours: the evidence is summed over the last 1 … 12, the best kept
    shift: float = 3.0  # the rise the test is designed for: × the baseline's rate
    min_count: int = 5  # fewer messages in the window is never a spike
    q: float = 1 / WEEK_HOURS  # BH level: ≤ 168·q false alarms a week (see `evaluate`)
    baseline: BaselineParams = field(default_factory=BaselineParams)

    @property
    def span_hours(self) -> int:
        """How many hours of counts an evaluation needs: the history and the longest window."""
        return self.history_hours + self.longest


@dataclass(frozen=True)
class Finding:
    key: Hashable
    hours: int  # the window's length, ending at the last hour of the series
    observed: int
    expected: float
    p_value: float  # e^(−evidence): the CUSUM's likelihood ratio, inverted, ≤ 1
    flagged: bool = False
    baseline: Baseline | None = field(default=None, compare=False, repr=False)

    @property
    def ratio(self) -> float:
        return self.observed / self.expected if self.expected > 0 else float("inf")


def evaluate(key: Hashable, counts: np.ndarray, cells: np.ndarray, params: Params) -> Finding:
    """Test the last hours of one series; `counts` and `cells` cover at least span_hours,
    oldest first, the last entry being the hour just ended.

    The evidence S is the largest sum of hourly log-likelihood ratios over the last k ≤
    `longest` hours among the windows holding at least `min_count` messages; the p-value is
    e^(−S). Under the baseline the window-limited CUSUM crosses h = log(m/q) no more often than
    once in e^h = m/q hours (Lorden's bound), so with BH over m series (whose first step is
    p ≤ q/m) the m series together give at most one false alarm in 1/q hours."""
    longest = params.longest
    counts = np.asarray(counts)[-params.span_hours :]
    cells = np.asarray(cells)[-params.span_hours :]
    recent = counts[-longest:]
    if recent.sum() < params.min_count:  # cheap: no window can qualify, no fit needed
        return Finding(key, longest, int(recent.sum()), float("nan"), 1.0)
    baseline = fit_baseline(counts[:-longest], cells[:-longest], params.baseline)
    expected = baseline.expected(cells[-longest:])
    scores = window_scores(hourly_llr(recent, expected, baseline.alpha, params.shift))
    observed = np.cumsum(recent[::-1])
    scores = np.where(observed >= params.min_count, scores, -np.inf)
    k = int(scores.argmax())
    p = float(np.exp(-scores[k])) if scores[k] > 0 else 1.0
    window_expected = float(expected[::-1][: k + 1].sum())
    return Finding(key, k + 1, int(observed[k]), window_expected, min(p, 1.0), baseline=baseline)


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
