"""Upper-tail probability of a count under a negative binomial (a new topic's last hours)."""

from __future__ import annotations

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
