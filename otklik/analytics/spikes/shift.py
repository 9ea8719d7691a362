"""The evidence for a sustained shift: the negative binomial log-likelihood ratio of each hour
(its count is `shift` × the baseline's rate against the baseline's rate) summed over the last
1 … `longest` hours, the largest sum taken — a CUSUM limited to a window.

Under the baseline each hour is NB2 with mean e and size r = 1/α (the gamma-mixed Poisson);
under a spike the mean is c·e with the same size, so one hour's log-likelihood ratio is

    llr(x) = x · log(c (r + e) / (r + c e)) + r · log((r + e) / (r + c e)),

linear in the count x. A CUSUM on it is the optimal sequential test for that shift (Lorden,
Moustakides): it accumulates the evidence of a sustained rise and forgets a lone noisy hour.
Its alarm threshold h gives an average run length between false alarms of at least e^h hours
when the baseline is right, whatever the series' volume, so one threshold serves every series.
"""

from __future__ import annotations

import numpy as np


def hourly_llr(counts: np.ndarray, expected: np.ndarray, alpha: float, shift: float) -> np.ndarray:
    """Each hour's log-likelihood ratio of a `shift`× rise against the baseline."""
    e = np.maximum(np.asarray(expected, dtype=float), 1e-9)
    r = 1.0 / max(alpha, 1e-6)
    per_message = np.log(shift * (r + e) / (r + shift * e))
    offset = r * np.log((r + e) / (r + shift * e))
    return np.asarray(counts, dtype=float) * per_message + offset


def window_scores(llr: np.ndarray) -> np.ndarray:
    """The summed evidence of the last 1, 2, … len(llr) hours (llr oldest first)."""
    return np.cumsum(llr[::-1])
