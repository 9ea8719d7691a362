"""The demo's audience, one formula for the stand-in platform and the seeded history alike.

The stand-in answers `wall.getById`, `getChatMemberCount`, `group.getCounters` from these, and
the demo seed writes the past month's statistics (PostMetric, SubscriberCount) from the same, so
what the worker reads later continues what the seed wrote.
"""

from __future__ import annotations

import math

DAY = 86400.0
#: Subscribers on 1 January 2026 and new ones a day, per platform (a city of about 110,000).
AUDIENCE: dict[str, tuple[int, float]] = {
    "vk": (18_400, 9.0),
    "telegram": (6_300, 6.5),
    "ok": (4_100, 1.5),
}
ORIGIN = 1_767_225_600.0  # 2026-01-01T00:00:00Z
#: How many views a post gathers, relative to the page's audience, and how fast (hours).
VIEW_SHARE = {"vk": 0.16, "telegram": 0.35, "ok": 0.09}
SETTLE_HOURS = 20.0


def subscribers(platform: str, at: float) -> int:
    base, per_day = AUDIENCE.get(platform, (1_000, 1.0))
    days = (at - ORIGIN) / DAY
    wobble = int(7 * math.sin(days / 3.0))  # some leave, some join: not a straight line
    return max(base + int(days * per_day) + wobble, 0)


def engagement(platform: str, number: int, age_seconds: float) -> dict[str, int]:
    """Views, reach, likes, reposts and comments of post `number`, `age_seconds` after it went
    out: they grow fast in the first hours and settle within a few days."""
    audience = AUDIENCE.get(platform, (1_000, 1.0))[0]
    interest = 0.55 + (number * 7919 % 100) / 100.0  # some posts catch on, some do not
    grown = 1.0 - math.exp(-max(age_seconds, 0.0) / 3600.0 / SETTLE_HOURS)
    views = int(audience * VIEW_SHARE.get(platform, 0.1) * interest * grown)
    return {
        "views": views,
        "reach": int(views * 0.82),
        "likes": int(views * 0.035 * interest),
        "reposts": int(views * 0.004 * interest),
        "comments": int(views * 0.007 * interest),
    }
