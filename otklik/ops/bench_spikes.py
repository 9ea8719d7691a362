"""Spike alerts on a synthetic year: `otklik bench spikes [--weeks 52] [--seed N]`, JSON.

Hourly traffic for 40 series (8 categories × 5 territories), each with its own volume (12 to
240 messages a day), hour-of-day profile (working days and days off differ), weekday factors,
Russian public holidays (the production calendar: a holiday is quieter, like a Sunday), a slow
random-walk level, an annual season per category (heating in winter, roads in spring) and
negative binomial noise. Spikes are injected — for 3, 6 or 12 hours the expected count of each
of those hours (the series' own mean at that hour: level, season, weekday and hour of day) is
multiplied by 1.5, 2, 3 or 5 — about one every three weeks per series, at any hour. The detector
then runs as the worker does: every hour, every series on its trailing weeks, then
Benjamini–Hochberg across the series.

A spike counts as found when an alarm's window overlaps it (from its start until 6 hours after
its end); the delay is from its start to the first such alarm. Alarms of one series whose
windows touch (within 2 hours) are one alarm, as `detect_spikes` updates a continuing spike's
row; an alarm touching no injected spike is a false alarm.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from otklik.analytics.spikes.baseline import cells_of, day_class
from otklik.analytics.spikes.detect import Params, evaluate
from otklik.analytics.spikes.fdr import benjamini_hochberg
from otklik.worktime import WorkingCalendar, load_overrides

TUNING_SEED = 20250101  # parameters were chosen on this seed only
VALIDATION_SEED = 7321  # figures in docs/benchmarks.md; fixed once, never tuned on
START = date(2025, 1, 1)
CATEGORIES = ("heating", "roads", "waste", "lighting", "transport", "yards", "water", "other")
SEASON = {"heating": (0.45, 15), "roads": (0.35, 105), "yards": (0.2, 180)}  # amplitude, peak day
SIZES = (1.5, 2.0, 3.0, 5.0)
DURATIONS = (3, 6, 12)
MEAN_GAP_HOURS = 3 * 7 * 24
TOUCH_HOURS = 2  # alarms of a series this close are one alarm (a continuing spike)
LATE_HOURS = 6  # an alarm this long after a spike's end still found it


@dataclass(frozen=True)
class Spike:
    series: int
    start: int  # hour index
    hours: int
    size: float
    usual: float  # the messages its window would have held without it


#: Spikes by how many messages their window usually holds: below 5, a 3× spike adds too few
#: to pass min_count, whatever the method.
VOLUMES = {"usual_under_2": (0, 2), "usual_2_to_10": (2, 10), "usual_10_plus": (10, 1e9)}


def calendar_cells(weeks: int) -> np.ndarray:
    cal = WorkingCalendar("Asia/Tomsk", overrides=load_overrides())
    days = [START + timedelta(days=d) for d in range(weeks * 7)]
    classes = np.array([day_class(d.weekday(), cal.is_working_day(d)) for d in days])
    holiday = np.array([d.weekday() < 5 and not cal.is_working_day(d) for d in days])
    return cells_of(np.repeat(classes, 24), np.tile(np.arange(24), len(days))), holiday


def hour_profile(rng: np.random.Generator, day_off: bool) -> np.ndarray:
    hours = np.arange(24)
    morning = np.exp(-0.5 * ((hours - (11 + 1.5 * day_off + rng.normal(0, 0.7))) / 2.5) ** 2)
    evening = np.exp(-0.5 * ((hours - (20 + rng.normal(0, 0.7))) / 2.0) ** 2)
    return 0.08 + morning + (0.6 + 0.3 * day_off) * evening


def true_means(rng: np.random.Generator, series: int, cells: np.ndarray, holiday: np.ndarray):
    n = len(cells)
    day = np.arange(n) // 24
    means = np.empty((series, n))
    for s in range(series):
        daily = np.exp(rng.uniform(np.log(12), np.log(240)))
        shape = np.vstack([hour_profile(rng, False)] * 5 + [hour_profile(rng, True)] * 2)
        shape *= np.array([1.15, 1.05, 1.0, 1.0, 0.95, 0.7, 0.65])[:, None]
        shape *= rng.lognormal(0, 0.05, size=(7, 1))
        rate = shape.reshape(-1)[cells] * daily / shape[:5].sum(axis=1).mean()
        rate[np.repeat(holiday, 24)] *= 0.9
        amplitude, peak = SEASON.get(CATEGORIES[s % len(CATEGORIES)], (0.08, 200))
        season = np.exp(amplitude * np.cos(2 * np.pi * (day - peak) / 365.25))
        drift = np.exp(np.cumsum(rng.normal(0, 0.02, size=day[-1] + 1)))[day]
        means[s] = rate * season * drift
    return means


def inject(rng: np.random.Generator, means: np.ndarray, first: int) -> list[Spike]:
    spikes = []
    for s in range(len(means)):
        at = first + int(rng.exponential(MEAN_GAP_HOURS))
        while at + max(DURATIONS) < means.shape[1]:
            hours, size = int(rng.choice(DURATIONS)), float(rng.choice(SIZES))
            spike = Spike(s, at, hours, size, round(float(means[s, at : at + hours].sum()), 2))
            means[s, at : at + spike.hours] *= spike.size
            spikes.append(spike)
            at += spike.hours + 48 + int(rng.exponential(MEAN_GAP_HOURS))
    return spikes


def draw(rng: np.random.Generator, means: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Counts (series, hours) and each series' NB2 α (a gamma-mixed Poisson, mixed hourly)."""
    alpha = rng.uniform(0.05, 0.3, size=(len(means), 1))
    return rng.poisson(rng.gamma(1 / alpha, alpha * means)).astype(np.int32), alpha[:, 0]


@dataclass(frozen=True)
class Traffic:
    """The generated year and the truth behind it (what the oracle knows)."""

    cells: np.ndarray  # (hours,) the baseline's day-kind × hour cell of each hour
    usual: np.ndarray  # (series, hours) the true mean of each hour without the spikes
    alpha: np.ndarray  # (series,) the true NB2 α of each series
    spikes: list[Spike]
    counts: np.ndarray  # (series, hours)


def generate(weeks: int, seed: int, series: int, first: int) -> Traffic:
    """The traffic of `bench_spikes`: the same seed, weeks, series and first hour give the
    same counts and spikes."""
    rng = np.random.default_rng(seed)
    cells, holiday = calendar_cells(weeks)
    means = true_means(rng, series, cells, holiday)
    usual = means.copy()
    spikes = inject(rng, means, first)
    counts, alpha = draw(rng, means)
    return Traffic(cells, usual, alpha, spikes, counts)


def bench_params(weeks: int, params: Params | None = None) -> tuple[int, Params]:
    """The history the bench's weeks allow (eight weeks, less on a short run) and its params."""
    history_weeks = min(8, max(1, weeks // 2))
    params = params or Params()
    if history_weeks < 8:
        params = Params(
            **{**asdict(params), "history_hours": history_weeks * 168, "baseline": params.baseline}
        )
    return history_weeks, params


def _series_p(job: tuple[np.ndarray, np.ndarray, Params, int]) -> np.ndarray:
    """Per evaluation hour t (the window ends before t): (p, window hours)."""
    counts, cells, params, first = job
    out = np.ones((len(counts), 2))
    for t in range(first, len(counts) + 1):
        f = evaluate(0, counts[:t], cells[:t], params)
        out[t - 1] = (f.p_value, f.hours)
    return out


def run_detector(counts: np.ndarray, cells: np.ndarray, params: Params, first: int) -> Iterator:
    """Flagged (series, t, window hours) as the worker finds them, hour by hour."""
    jobs = [(c, cells, params, first) for c in counts]
    with ProcessPoolExecutor() as pool:
        results = list(pool.map(_series_p, jobs))
    p = np.stack([r[:, 0] for r in results])  # (series, hours)
    for t in range(first, counts.shape[1] + 1):
        column = p[:, t - 1]
        for s, hit in enumerate(benjamini_hochberg(column, params.q)):
            if hit:
                yield s, t, int(results[s][t - 1, 1])


def alarms(flags: list[tuple[int, int, int]]) -> list[list[tuple[int, int, int]]]:
    """Flags merged per series while their windows touch: one alarm each."""
    merged: dict[int, list[list[tuple[int, int, int]]]] = {}
    for flag in sorted(flags):
        s, t, hours = flag
        runs = merged.setdefault(s, [])
        if runs and t - hours <= runs[-1][-1][1] + TOUCH_HOURS:
            runs[-1].append(flag)
        else:
            runs.append([flag])
    return [run for runs in merged.values() for run in runs]


def touches(flag: tuple[int, int, int], spike: Spike) -> bool:
    s, t, hours = flag
    end = spike.start + spike.hours
    return s == spike.series and t - hours < end and spike.start < t <= end + LATE_HOURS


def score(
    spikes: list[Spike], flags: list, weeks_evaluated: float, floor: int = 5
) -> dict[str, Any]:
    by_series: dict[int, list] = {}
    for flag in flags:
        by_series.setdefault(flag[0], []).append(flag)
    delays: dict[Spike, int] = {}
    for spike in spikes:
        hits = [f[1] for f in by_series.get(spike.series, []) if touches(f, spike)]
        if hits:
            delays[spike] = min(hits) - spike.start
    false = [
        run
        for run in alarms(flags)
        if not any(touches(f, sp) for f in run for sp in spikes if sp.series == f[0])
    ]
    three_six = [s for s in spikes if (s.size, s.hours) == (3.0, 6)]
    return {
        "spikes": len(spikes),
        "recall": _recall(spikes, delays),
        "recall_by_size": {
            f"{x:g}x": _recall([s for s in spikes if s.size == x], delays) for x in SIZES
        },
        "recall_by_hours": {
            f"{h}h": _recall([s for s in spikes if s.hours == h], delays) for h in DURATIONS
        },
        "recall_3x_6h": _recall(three_six, delays),
        "recall_3x_6h_by_usual_count": {
            name: _recall([s for s in three_six if lo <= s.usual < hi], delays)
            for name, (lo, hi) in VOLUMES.items()
        },
        "recall_3x_6h_at_floor": _recall([s for s in three_six if 3 * s.usual >= floor], delays),
        "share_3x_6h_at_floor": _share([s for s in three_six if 3 * s.usual >= floor], three_six),
        "alarms": len(alarms(flags)),
        "false_alarms": len(false),
        "false_alarms_per_week": round(len(false) / max(weeks_evaluated, 1e-9), 3),
        "median_detection_delay_hours": _median(list(delays.values())),
        "median_delay_by_size": {
            f"{x:g}x": _median([d for s, d in delays.items() if s.size == x]) for x in SIZES
        },
    }


def _recall(spikes: list[Spike], found: dict[Spike, int]) -> float | None:
    return round(sum(s in found for s in spikes) / len(spikes), 3) if spikes else None


def _share(part: list[Spike], whole: list[Spike]) -> float | None:
    return round(len(part) / len(whole), 3) if whole else None


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def bench_spikes(
    weeks: int = 52, seed: int = VALIDATION_SEED, series: int = 40, params: Params | None = None
) -> dict[str, Any]:
    started = time.perf_counter()
    history_weeks, params = bench_params(weeks, params)
    first = params.span_hours
    traffic = generate(weeks, seed, series, first)
    counts, spikes = traffic.counts, traffic.spikes
    flags = list(run_detector(counts, traffic.cells, params, first))
    evaluated = (counts.shape[1] - first + 1) / 168
    return {
        "weeks": weeks,
        "series": series,
        "seed": seed,
        "history_weeks": history_weeks,
        "evaluated_weeks": round(evaluated, 1),
        "messages": int(counts.sum()),
        **score(spikes, flags, evaluated, params.min_count),
        "params": _params(params),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _params(params: Params) -> dict[str, Any]:
    return asdict(params)
