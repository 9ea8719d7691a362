"""Working-hour buckets for the duration histograms, and the median read back from them.

A period's median is interpolated inside the bucket that holds the middle incident, so it is
exact to the bucket's width: a quarter of an hour under an hour, a working day over a week.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping

#: Lower edges in working hours; the last bucket is open (over 240 h, 30 working days).
EDGES: tuple[float, ...] = (
    *(i * 0.25 for i in range(4)),  # 0 … 1 h by 15 min
    *(1 + i * 0.5 for i in range(6)),  # 1 … 4 h by 30 min
    *range(4, 16),  # 4 … 16 h by the hour
    *range(16, 80, 4),  # 16 … 80 h (two working weeks) by half a day
    *range(80, 248, 8),  # 80 … 240 h by the working day
)


def bucket_of(hours: float) -> int:
    return max(0, bisect_right(EDGES, hours) - 1)


def median(histogram: Mapping[int, int]) -> float | None:
    """The median of the durations counted in `histogram` {bucket: count}, or None."""
    total = sum(histogram.values())
    if not total:
        return None
    middle = total / 2
    seen = 0
    for bucket in sorted(histogram):
        count = histogram[bucket]
        if count and seen + count >= middle:
            low = EDGES[bucket]
            high = EDGES[bucket + 1] if bucket + 1 < len(EDGES) else low + 8
            return low + (high - low) * (middle - seen) / count
        seen += count
    return EDGES[-1]
