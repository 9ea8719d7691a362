"""The seasonal baseline of one hourly series: rate(day, hour) = a[day] × b[kind of day, hour].

`day` is the day class 0–6 (Monday … Sunday; a public holiday is given as 6, a Sunday); the
kind of day is a working day (0–4) or a day off (5, 6). The model is a Poisson log-linear model
with the day and the kind×hour terms; its maximum likelihood on a table of weighted counts is
iterative proportional fitting (IPF), a few passes over a 7 × 24 table, so a fit costs
microseconds and the worker can refit every series every hour.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

DAYS, HOURS = 7, 24
CELLS = DAYS * HOURS
KINDS = (slice(0, 5), slice(5, 7))  # working days, days off
KIND_OF_DAY = np.array([0, 0, 0, 0, 0, 1, 1])
IPF_PASSES = 4


@dataclass(frozen=True)
class BaselineParams:
    half_life_hours: float = 28 * 24  # recency weights of the weekday × hour shape
    level_half_life_hours: float = 3 * 24  # the slow level: the last days against the shape
    level_prior: float = 20.0  # pseudo-messages that hold a sparse series' level at 1
    prior_hours: float = 0.25  # pseudo-exposure per cell at the pooled hour profile
    trim_z: float = 5.0  # hours standing out more than this are left out of the refit
    alpha_min: float = 0.05  # floor of the NB2 overdispersion (covers the estimate's own error)
    alpha_max: float = 2.0


@dataclass(frozen=True)
class Baseline:
    """Hourly rates per cell (day × 24 + hour) and the NB2 overdispersion α."""

    rates: np.ndarray  # shape (168,)
    alpha: float
    level_var: float = 0.0  # relative variance of the level's estimate (its own uncertainty)

    def expected(self, cells: np.ndarray) -> np.ndarray:
        return self.rates[cells]

    def variance(self, cells: np.ndarray) -> np.ndarray:
        mean = self.rates[cells]
        return mean + self.alpha * mean**2


def cells_of(day: np.ndarray, hour: np.ndarray) -> np.ndarray:
    return day.astype(np.int64) * HOURS + hour.astype(np.int64)


@lru_cache(maxsize=16)
def recency_weights(n: int, half_life_hours: float) -> np.ndarray:
    """Weight of each of `n` hours, oldest first: the last one weighs 1 (read-only, cached)."""
    age = np.arange(n - 1, -1, -1, dtype=float)
    weights = 0.5 ** (age / half_life_hours)
    weights.flags.writeable = False
    return weights


def fit_baseline(
    counts: np.ndarray, cells: np.ndarray, params: BaselineParams | None = None
) -> Baseline:
    """Fit on hourly `counts` (oldest first) whose cells are `cells`; refit without outliers."""
    params = params or BaselineParams()
    counts = np.asarray(counts, dtype=float)
    weights = recency_weights(len(counts), params.half_life_hours)
    rates = _rates(counts, cells, weights, params.prior_hours)
    alpha = _alpha(counts, rates[cells], weights, params)
    mean = rates[cells]
    z = (counts - mean) / np.sqrt(mean + alpha * mean**2 + 1e-9)
    kept = np.where(z > params.trim_z, 0.0, weights)
    if kept.sum() < weights.sum():
        rates = _rates(counts, cells, kept, params.prior_hours)
    level, level_var = _level(counts, rates[cells], kept > 0, params)
    rates = rates * level
    alpha = _alpha(counts, rates[cells], kept, params)
    return Baseline(rates=rates, alpha=alpha, level_var=level_var)


def _level(
    counts: np.ndarray, mean: np.ndarray, kept: np.ndarray, params: BaselineParams
) -> tuple[float, float]:
    """The recent days' counts over the shape's: a multiplier near 1, shrunk by `level_prior`
    pseudo-messages, and the relative variance of that estimate."""
    weights = recency_weights(len(counts), params.level_half_life_hours) * kept
    seen = float((weights * counts).sum()) + params.level_prior
    expected = float((weights * mean).sum()) + params.level_prior
    return seen / expected, 1.0 / seen


def _rates(counts: np.ndarray, cells: np.ndarray, weights: np.ndarray, prior: float) -> np.ndarray:
    exposure = np.bincount(cells, weights=weights, minlength=CELLS).reshape(DAYS, HOURS)
    total = np.bincount(cells, weights=weights * counts, minlength=CELLS).reshape(DAYS, HOURS)
    overall = (total.sum() + 0.5) / (exposure.sum() + 1.0)
    pooled = (total.sum(axis=0) + overall) / (exposure.sum(axis=0) + 1.0)  # the hour profile
    total = total + prior * pooled
    exposure = exposure + prior
    return _ipf(total, exposure).reshape(CELLS)


def _ipf(total: np.ndarray, exposure: np.ndarray) -> np.ndarray:
    """Maximum likelihood of total[d, h] ~ Poisson(exposure[d, h] · a[d] · b[kind(d), h])."""
    a = np.ones(DAYS)
    b = np.ones((2, HOURS))
    by_hour = [total[rows].sum(axis=0) for rows in KINDS]
    by_day = total.sum(axis=1)
    for _ in range(IPF_PASSES):
        fitted = exposure * a[:, None]
        for k, rows in enumerate(KINDS):
            b[k] = by_hour[k] / np.maximum(fitted[rows].sum(axis=0), 1e-12)
        a = by_day / np.maximum((exposure * b[KIND_OF_DAY]).sum(axis=1), 1e-12)
    return a[:, None] * b[KIND_OF_DAY]


def _alpha(counts: np.ndarray, mean: np.ndarray, weights: np.ndarray, p: BaselineParams) -> float:
    """NB2 overdispersion by the method of moments: Var = μ + α μ²."""
    excess = (weights * ((counts - mean) ** 2 - counts)).sum()
    scale = (weights * mean**2).sum()
    alpha = excess / scale if scale > 0 else p.alpha_min
    return float(min(max(alpha, p.alpha_min), p.alpha_max))


def day_class(weekday: int, working: bool) -> int:
    """The day's row in the model: its weekday, but a weekday off (a public holiday) is a
    Sunday and a working Saturday or Sunday (a moved working day) a Monday."""
    if weekday < 5 and not working:
        return 6
    if weekday >= 5 and working:
        return 0
    return weekday
