"""Upper-tail probability of a window's count under the baseline's predictive distribution."""

from __future__ import annotations

import numpy as np
from scipy.special import betainc, gammainc


def nb_tail(observed: int, mean: float, variance: float) -> float:
    """P(X ≥ observed) for X negative binomial with this mean and variance (Poisson when the
    variance does not exceed the mean). The sum of the window's hours, each NB2 with a shared α,
    is matched by its first two moments. Through the incomplete beta and gamma functions
    directly (scipy.stats' distributions cost a hundred times more per call):
    NB(r, p): P(X ≥ k) = I_{1−p}(k, r); Poisson(μ): P(X ≥ k) = P(k, μ)."""
    if observed <= 0:
        return 1.0
    mean = max(mean, 1e-9)
    if variance <= mean * (1 + 1e-9):
        return float(gammainc(observed, mean))
    size = mean**2 / (variance - mean)
    return float(betainc(observed, size, mean / (size + mean)))


def window_moments(
    expected: np.ndarray, alpha: float, level_var: float = 0.0
) -> tuple[float, float]:
    """Mean and variance of a window's sum: NB2 per hour, plus the level's own uncertainty
    (shared by every hour of the window)."""
    mean = float(expected.sum())
    return mean, mean + alpha * float((expected**2).sum()) + level_var * mean**2
