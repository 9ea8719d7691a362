"""The demo's year behind the corpus: residents' reports over the ten months before it.

The shipped corpus covers the last two months; the year's dashboard and the annual report need
the months before. They are drawn from the corpus itself: each day of the earlier months gets a
few reports (fewer at weekends), each a copy of an actionable corpus message of a topic that
fits the season — snow and ice in winter, heating in autumn, potholes and meltwater in spring,
yards, greenery and hot-water shutdowns in summer — under a new id, by the corpus's residents,
sometimes with a neighbour's second report of the same problem an hour or two later.

The draw is seeded, so the same rows (the same ids, the same topics) come every time; their
dates move with `now`, as the corpus's do. A second seed finds the ids stored and adds nothing.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

#: How far back the demo's history reaches from now.
YEAR = timedelta(days=365)
#: External ids of the history's reports: <platform>-hist-NNNNN (the platform prefix picks the
#: demo channel, as the corpus's ids do).
MARK = "-hist-"
#: Reports per working day on average (the corpus has about three incidents a day).
PER_DAY = 2.4
WEEKEND = 0.55
CHATTER_PER_DAY = 2.5  # thanks, opinions, questions to nobody, spam: dismissed
MORE_REPORTS = (0.3, 0.1)  # the chance of a second report of the same problem, of a third
#: The share of the history's incidents still in work (long jobs, past their deadline).
STILL_OPEN = 0.015
SEED = 20261126

#: Topic weights by month (1–12): a topic not listed weighs 1 all year, a listed one
#: `OFF_SEASON` in the months not given (no snow in July, no heating in summer).
WINTER, SPRING, SUMMER, AUTUMN = (12, 1, 2), (3, 4, 5), (6, 7, 8), (9, 10, 11)
OFF_SEASON = 0.25
NEVER = dict.fromkeys((5, 6, 7, 8, 9), 0.0)
SEASONS: dict[str, dict[int, float]] = {
    "roads-snow": {**NEVER, 4: 0.0, 10: 0.5, **dict.fromkeys(WINTER, 8.0), 3: 4.0, 11: 3.0},
    "safety-ice": {**NEVER, 4: 1.0, 10: 0.5, **dict.fromkeys(WINTER, 6.0), 3: 4.0, 11: 2.0},
    "zhkh-roof": {**dict.fromkeys(WINTER, 3.0), 3: 4.0, 4: 3.0},
    "zhkh-heating": {**NEVER, 9: 6.0, 10: 8.0, 11: 4.0, **dict.fromkeys(WINTER, 3.0), 3: 1.0},
    "zhkh-hot-water": {**dict.fromkeys(SUMMER, 4.0), 5: 2.0},
    "roads-potholes": {3: 3.0, 4: 7.0, 5: 6.0, **dict.fromkeys(SUMMER, 2.0), 9: 1.0},
    "roads-repair": {4: 4.0, 5: 5.0, **dict.fromkeys(SUMMER, 4.0), 9: 2.0},
    "roads-stormwater": {4: 6.0, 5: 4.0, **dict.fromkeys(SUMMER, 2.0)},
    "safety-flood": {4: 6.0, 5: 3.0, 6: 1.0},
    "blago-greenery": {5: 4.0, **dict.fromkeys(SUMMER, 4.0), 9: 2.0},
    "blago-playgrounds": {5: 3.0, **dict.fromkeys(SUMMER, 4.0), 9: 2.0},
    "blago-yards": {4: 3.0, 5: 3.0, **dict.fromkeys(SUMMER, 2.0)},
    "blago-cleaning": {4: 4.0, 5: 3.0, **dict.fromkeys(SUMMER, 2.0), 10: 2.0},
    "blago-holiday": {12: 5.0, 1: 2.0, 5: 2.0},
    "eco-dumps": {4: 3.0, 5: 3.0, **dict.fromkeys(SUMMER, 2.0)},
    "eco-air": dict.fromkeys(SUMMER, 3.0),
    "sport-facilities": {**dict.fromkeys(SUMMER, 2.0), 1: 2.0, 2: 2.0},
    "edu-school": {8: 3.0, 9: 4.0, **dict.fromkeys(SUMMER[:2], 0.3)},
    "edu-food": {9: 2.0, 10: 2.0, **dict.fromkeys(SUMMER, 0.2)},
}
#: More reports in winter and spring, fewer in the summer holidays.
VOLUME = {1: 1.1, 2: 1.1, 3: 1.2, 4: 1.3, 5: 1.2, 6: 0.9, 7: 0.8, 8: 0.9, 9: 1.0, 10: 1.1,
          11: 1.0, 12: 1.1}  # fmt: skip


@dataclass(frozen=True)
class Problem:
    """One problem of the history: its reports (rows in the corpus's format)."""

    rows: list[dict[str, Any]]


def history_problems(corpus: list[dict[str, Any]], now: datetime | None = None) -> list[Problem]:
    """The problems reported in the year before the corpus begins (`corpus` shifted to now)."""
    now = now or timezone.now()
    heads = [r for r in corpus if r.get("is_actionable") and not r.get("same_as")]
    by_topic: dict[str, list[dict[str, Any]]] = {}
    for row in heads:
        by_topic.setdefault(str(row.get("category") or ""), []).append(row)
    start = _day(now - YEAR)
    end = _day(min(datetime.fromisoformat(r["created_at"]) for r in corpus))
    rng = random.Random(SEED)
    problems: list[Problem] = []
    for day in _days(start, end):
        for _ in range(_count(PER_DAY, day, rng)):
            problems.append(_problem(len(problems), day, by_topic, rng))
    return problems


def history_chatter(
    corpus: list[dict[str, Any]], now: datetime | None = None
) -> list[dict[str, Any]]:
    """The rest of the year's mail: copies of the corpus's messages that ask nothing of the
    administration (thanks, opinions, spam), for the moderator to dismiss."""
    now = now or timezone.now()
    rest = [r for r in corpus if not r.get("is_actionable")]
    start = _day(now - YEAR)
    end = _day(min(datetime.fromisoformat(r["created_at"]) for r in corpus))
    rng = random.Random(SEED + 7)
    rows: list[dict[str, Any]] = []
    for day in _days(start, end):
        for _ in range(_count(CHATTER_PER_DAY, day, rng)):
            moment = day + timedelta(minutes=int(rng.triangular(7 * 60, 24 * 60 - 1, 15 * 60)))
            rows.append(_copy(rng.choice(rest), f"c{len(rows):05d}", moment))
    return rows


def history_rows(problems: list[Problem]) -> list[dict[str, Any]]:
    return [row for problem in problems for row in problem.rows]


def _days(start: datetime, end: datetime) -> Iterator[datetime]:
    day = start
    while day < end:
        yield day
        day = _day(day + timedelta(hours=30))  # the next local midnight, across a DST change


def _day(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _count(per_day: float, day: datetime, rng: random.Random) -> int:
    mean = per_day * VOLUME[day.month] * (WEEKEND if day.weekday() >= 5 else 1.0)
    return sum(1 for _ in range(8) if rng.random() < mean / 8)


def _problem(
    number: int, day: datetime, by_topic: dict[str, list[dict[str, Any]]], rng: random.Random
) -> Problem:
    topics = sorted(by_topic)
    weights = [SEASONS[t].get(day.month, OFF_SEASON) if t in SEASONS else 1.0 for t in topics]
    topic = rng.choices(topics, weights)[0]
    # Residents write from seven in the morning to eleven at night, most in the daytime.
    moment = day + timedelta(minutes=int(rng.triangular(7 * 60, 23 * 60, 13 * 60)))
    head = rng.choice(by_topic[topic])
    rows = [_copy(head, f"{number:05d}", moment)]
    others = [r for r in by_topic[topic] if r is not head]
    for suffix, chance in zip("bc", MORE_REPORTS, strict=True):
        if not others or rng.random() >= chance:
            break
        moment += timedelta(minutes=rng.randint(20, 180))
        rows.append(_copy(rng.choice(others), f"{number:05d}{suffix}", moment, head))
    return Problem(rows)


def _copy(
    row: dict[str, Any], number: str, moment: datetime, head: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The corpus row as a new report: a direct message on its platform (or the form)."""
    platform = str(row["external_id"]).split("-", 1)[0]
    form = row.get("kind") == "form"
    copy = {
        **row,
        "external_id": f"{'form' if form else platform}{MARK}{number}",
        "created_at": moment.isoformat(),
        "kind": "form" if form else "direct",
        "url": "",
        "thread": "",
        "thread_title": "",
        "likes": 0,
        "reposts": 0,
        "replies": 0,
        "same_as": "",
    }
    if head is not None:  # a neighbour about the same place
        copy |= {"territory": head.get("territory", ""), "address": head.get("address", "")}
    return copy


def problem_ids(problems: list[Problem]) -> Iterator[list[str]]:
    for problem in problems:
        yield [row["external_id"] for row in problem.rows]
