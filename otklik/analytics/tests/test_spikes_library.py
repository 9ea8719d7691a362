"""The spike detection library, as tables: synthetic series with and without spikes."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import nbinom, poisson

from otklik.analytics.spikes import Params, TextItem, benjamini_hochberg, evaluate
from otklik.analytics.spikes.baseline import cells_of, day_class, fit_baseline
from otklik.analytics.spikes.clusters import cluster_texts, growing_clusters
from otklik.analytics.spikes.shift import hourly_llr, window_scores
from otklik.analytics.spikes.tail import nb_tail

WEEKS = 9
HOURS = WEEKS * 168 + 6
DAY = (np.arange(HOURS) // 24) % 7  # the series starts on a Monday at midnight
HOUR = np.arange(HOURS) % 24
CELLS = cells_of(DAY, HOUR)
PROFILE = 0.2 + np.exp(-0.5 * ((HOUR - 12) / 3.0) ** 2)  # quiet nights, busy middays


def series(
    base: float,
    monday: float = 1.0,
    spike: float = 1.0,
    spike_hours: int = 6,
    seed: int = 1,
    end_hour: int = 14,
    end_day: int = 2,
) -> tuple[np.ndarray, np.ndarray]:
    """NB counts (α = 0.1) ending at `end_hour` on weekday `end_day` of the last week, the last
    `spike_hours` multiplied by `spike`."""
    rng = np.random.default_rng(seed)
    end = (WEEKS - 1) * 168 + end_day * 24 + end_hour
    mean = base * PROFILE[:end] * np.where(DAY[:end] == 0, monday, 1.0)
    mean[end - spike_hours :] *= spike
    counts = rng.poisson(rng.gamma(10.0, mean / 10.0))
    return counts, CELLS[:end]


@pytest.mark.parametrize(
    ("case", "kwargs", "flagged"),
    [
        ("steady traffic", {"base": 4.0}, False),
        ("3× for the last 6 hours", {"base": 4.0, "spike": 3.0}, True),
        ("5× for the last 3 hours", {"base": 4.0, "spike": 5.0, "spike_hours": 3}, True),
        ("2× for 6 hours in a busy series", {"base": 20.0, "spike": 2.0}, True),
        ("a Monday three times busier", {"base": 4.0, "monday": 3.0, "end_day": 0}, False),
        ("a quiet night", {"base": 4.0, "end_hour": 3}, False),
        ("3× in a tiny series: under 5 messages", {"base": 0.1, "spike": 3.0}, False),
        ("1.2×: more, but not a spike", {"base": 20.0, "spike": 1.2}, False),
        ("one hour 3× busier: a lone hour", {"base": 4.0, "spike": 3.0, "spike_hours": 1}, False),
        ("3× for 12 hours in a quiet series", {"base": 3.0, "spike": 3.0, "spike_hours": 12}, True),
        ("3× for 6 hours in a busy series", {"base": 40.0, "spike": 3.0}, True),
        ("3× for 6 hours, a quiet night's end", {"base": 4.0, "spike": 3.0, "end_hour": 6}, False),
    ],
)
def test_a_series_is_flagged_only_for_a_spike(case: str, kwargs: dict, flagged: bool) -> None:
    counts, cells = series(**kwargs)
    finding = evaluate("s", counts, cells, Params())
    threshold = Params().q / 40  # BH's first step with 40 series: the strictest bar
    assert (finding.p_value <= threshold) is flagged, (case, finding)


@pytest.mark.parametrize(
    ("count", "expected", "alpha"),
    [(0, 1.0, 0.1), (3, 1.0, 0.1), (12, 4.0, 0.3), (40, 20.0, 0.05), (5, 0.2, 2.0)],
)
def test_hourly_llr_is_the_nb_likelihood_ratio_of_a_3x_rise(
    count: int, expected: float, alpha: float
) -> None:
    size = 1 / alpha
    rise = nbinom.logpmf(count, size, size / (size + 3 * expected))
    usual = nbinom.logpmf(count, size, size / (size + expected))
    llr = hourly_llr(np.array([count]), np.array([expected]), alpha, 3.0)
    assert llr[0] == pytest.approx(rise - usual, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize(
    ("llr", "scores"),
    [([1.0, -2.0, 3.0], [3.0, 1.0, 2.0]), ([0.5], [0.5]), ([-1.0, -1.0], [-1.0, -2.0])],
)
def test_window_scores_sum_the_last_hours(llr: list[float], scores: list[float]) -> None:
    assert window_scores(np.array(llr)).tolist() == scores


@pytest.mark.parametrize("seed", range(5))
def test_weekday_effects_are_learnt_not_flagged(seed: int) -> None:
    counts, cells = series(base=6.0, monday=2.5, seed=seed, end_day=0, end_hour=13)
    baseline = fit_baseline(counts[:-6], cells[:-6])
    monday_noon, wednesday_noon = cells_of(np.array([0, 2]), np.array([12, 12]))
    assert baseline.rates[monday_noon] / baseline.rates[wednesday_noon] == pytest.approx(2.5, 0.2)
    assert evaluate("s", counts, cells, Params()).p_value > 0.01


@pytest.mark.parametrize(
    ("weekday", "working", "row"),
    [(0, True, 0), (4, True, 4), (5, False, 5), (6, False, 6), (2, False, 6), (5, True, 0)],
)
def test_day_class(weekday: int, working: bool, row: int) -> None:
    assert day_class(weekday, working) == row


@pytest.mark.parametrize(
    ("observed", "mean", "variance"),
    [(1, 0.5, 0.5), (5, 2.0, 2.0), (10, 3.0, 5.0), (30, 10.0, 40.0), (200, 80.0, 400.0)],
)
def test_nb_tail_matches_scipy(observed: int, mean: float, variance: float) -> None:
    if variance > mean:
        size = mean**2 / (variance - mean)
        expected = nbinom.sf(observed - 1, size, size / (size + mean))
    else:
        expected = poisson.sf(observed - 1, mean)
    assert nb_tail(observed, mean, variance) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(
    ("p_values", "q", "rejected"),
    [
        ([0.001, 0.5, 0.9], 0.05, [True, False, False]),
        ([0.01, 0.02, 0.03, 0.04], 0.05, [True, True, True, True]),  # all under k·q/m
        ([0.01, 0.2, 0.03], 0.05, [True, False, True]),  # 0.03 ≤ 2·0.05/3
        ([0.02, 0.9, 0.9], 0.05, [False, False, False]),  # 0.02 > 0.05/3
        ([], 0.05, []),
    ],
)
def test_benjamini_hochberg(p_values: list[float], q: float, rejected: list[bool]) -> None:
    assert benjamini_hochberg(p_values, q) == rejected


def test_benjamini_hochberg_keeps_false_alarms_under_q_on_null_series() -> None:
    rng = np.random.default_rng(3)
    runs = [benjamini_hochberg(rng.uniform(size=40), 0.05) for _ in range(2000)]
    any_alarm = np.mean([any(r) for r in runs])
    assert any_alarm <= 0.06  # under the complete null, P(any rejection) ≤ q


OLD = ["Гололёд на тротуаре у остановки, скользко", "Не убран лёд на тротуаре, люди падают"]
NEW = [
    "Пропала горячая вода на улице Курчатова",
    "Нет горячей воды с утра на Курчатова",
    "Горячей воды нет уже пять часов, Курчатова 12",
    "Когда дадут горячую воду? Курчатова",
    "Курчатова 14 — горячая вода пропала",
    "И у нас нет горячей воды, Курчатова",
]


def test_texts_of_one_topic_cluster_together() -> None:
    items = [TextItem(i, t, 1.0) for i, t in enumerate(NEW)] + [
        TextItem(10 + i, t, 50.0) for i, t in enumerate(OLD)
    ]
    clusters = cluster_texts(items)
    water = next(c for c in clusters if 0 in c.ids)
    assert set(water.ids) == set(range(len(NEW)))
    assert "горячей" in water.label or "курчатова" in water.label


@pytest.mark.parametrize(
    ("case", "ages", "flagged"),
    [
        ("six new messages in three hours", [0.5, 1, 1.5, 2, 2.5, 3], True),
        ("a steady topic: one a day for a week", [0.5, *range(20, 170, 24)], False),
        ("only three recent", [0.5, 1, 2], False),
    ],
)
def test_a_new_topic_is_flagged_when_it_grows(case: str, ages: list, flagged: bool) -> None:
    items = [TextItem(i, NEW[i % len(NEW)], float(a)) for i, a in enumerate(ages)]
    found = [f for _, f in growing_clusters(cluster_texts(items))]
    assert any(f.p_value <= Params().q / 40 for f in found) is flagged, (case, found)
