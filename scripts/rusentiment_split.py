"""Write the RuSentiment splits the triage figures use (columns text,sentiment).

    python scripts/rusentiment_split.py ../shared/data/rusentiment /tmp/rus

`random_test.csv`: 2,967 posts of `random_posts.csv` (the size and the source of the published
test set, which the team holds back), permuted with numpy's default_rng(0); `random_train.csv`:
the other random posts (weight 1) and every preselected one (weight 0.5: they were picked by
keywords, not drawn like the test; chosen on 2-fold CV of the random posts, see the README).
`mixed_test.csv` / `mixed_train.csv`: both files in order (random, then preselected), permuted
with default_rng(0), the first 10% as test.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

TEST_SIZE = 2967
PRESELECTED_WEIGHT = "0.5"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write(path: Path, rows: list[dict[str, str]], weights: list[str] | None = None) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        if weights is None:
            out.writerow(["text", "sentiment"])
            out.writerows([r["text"], r["label"]] for r in rows)
            return
        out.writerow(["text", "sentiment", "weight"])
        out.writerows([r["text"], r["label"], w] for r, w in zip(rows, weights, strict=True))


def main(source: str, target: str) -> None:
    src, dst = Path(source), Path(target)
    dst.mkdir(parents=True, exist_ok=True)
    random, preselected = read(src / "random_posts.csv"), read(src / "preselected_posts.csv")
    perm = np.random.default_rng(0).permutation(len(random))
    write(dst / "random_test.csv", [random[i] for i in perm[:TEST_SIZE]])
    train = [random[i] for i in perm[TEST_SIZE:]]
    weights = ["1"] * len(train) + [PRESELECTED_WEIGHT] * len(preselected)
    write(dst / "random_train.csv", train + preselected, weights)
    both = random + preselected
    perm = np.random.default_rng(0).permutation(len(both))
    cut = len(both) // 10
    write(dst / "mixed_test.csv", [both[i] for i in perm[:cut]])
    write(dst / "mixed_train.csv", [both[i] for i in perm[cut:]])


if __name__ == "__main__":
    main(*sys.argv[1:3])
