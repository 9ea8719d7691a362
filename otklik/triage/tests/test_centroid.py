"""The nearest-centroid (prototype) vote folded into a head's linear weights."""

import numpy as np
import pytest
import scipy.sparse as sp

from otklik.triage.features import Recipe
from otklik.triage.heads import build_head, centroids


@pytest.mark.parametrize(
    ("rows", "y", "expected"),
    [
        # one class, two rows of different lengths: each counts once, then unit length
        ([[3.0, 0.0], [0.0, 0.5]], [0, 0], [[0.7071], [0.7071]]),
        # two classes, each its own direction
        ([[2.0, 0.0], [0.0, 4.0]], [0, 1], [[1.0, 0.0], [0.0, 1.0]]),
        # a class with no rows keeps zero weights
        ([[1.0, 1.0]], [1], [[0.0, 0.7071], [0.0, 0.7071]]),
    ],
)
def test_centroids_are_unit_means_of_unit_rows(rows, y, expected) -> None:
    got = centroids(sp.csr_matrix(np.array(rows)), np.array(y), len(expected[0]))
    assert got.shape == (2, len(expected[0]))
    assert np.allclose(got, expected, atol=1e-4)


def _feats(words: list[int]) -> tuple[np.ndarray, np.ndarray]:
    return np.array(words, dtype=np.int64), np.ones(len(words), dtype=np.float32)


@pytest.mark.parametrize(("weight", "changed"), [(0.0, False), (0.5, True)])
def test_build_head_adds_the_centroids_only_when_asked(weight, changed) -> None:
    feats = [_feats([1, 2]), _feats([1, 3]), _feats([4, 5]), _feats([4, 6])]
    labels = ["a", "a", "b", "b"]
    plain = build_head("t", feats, labels, Recipe(), min_df=1)
    head = build_head("t", feats, labels, Recipe(), min_df=1, centroid=weight)
    assert bool(not np.allclose(head.coef, plain.coef, atol=1e-3)) is changed
    # feature 1 (in both "a" rows) leans further to "a": by 0.5 · its share of a's centroid
    col = int(np.searchsorted(head.used, 1))
    gain = (head.coef[col, 0] - head.coef[col, 1]) - (plain.coef[col, 0] - plain.coef[col, 1])
    assert bool(gain > 0.1) is changed
