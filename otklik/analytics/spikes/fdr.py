"""Benjamini–Hochberg: which of many p-values to reject at a false discovery rate q."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def benjamini_hochberg(p_values: Sequence[float], q: float) -> list[bool]:
    """Reject the k smallest p-values, k the largest rank with p_(k) ≤ k·q/m; m counts every
    test made, the unremarkable ones (p = 1) included."""
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    if m == 0:
        return []
    order = np.argsort(p, kind="stable")
    passed = p[order] <= q * np.arange(1, m + 1) / m
    if not passed.any():
        return [False] * m
    cut = int(np.nonzero(passed)[0].max())
    rejected = np.zeros(m, dtype=bool)
    rejected[order[: cut + 1]] = True
    return rejected.tolist()
