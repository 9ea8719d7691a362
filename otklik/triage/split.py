"""One fixed tuning/validation split of a labelled file: the protocol every change is judged by.

Choose on the tuning part's cross-validation folds; read the validation part only at the end of
a piece of work. The split is stratified by one label column (labels with fewer than
`min_count` rows share one stratum) and depends only on the rows and the seed.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

import numpy as np

SEED = 20261129  # the team's split of Kursk's train.csv; never change it for a result's sake
VALIDATION_SHARE = 0.2


def split_indices(
    labels: list[str], seed: int = SEED, share: float = VALIDATION_SHARE, min_count: int = 5
) -> tuple[list[int], list[int]]:
    """Row numbers of the tuning and the validation part, each in file order.

    Every stratum (a label with at least `min_count` rows, or all rarer labels together) gives
    round(share · size) of its rows, drawn by one generator walking the strata in sorted order.
    """
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    strata: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        key = label if counts[label] >= min_count else "\x00rare"
        strata.setdefault(key, []).append(i)
    rng = np.random.default_rng(seed)
    held: list[int] = []
    for key in sorted(strata):
        members = strata[key]
        take = int(round(share * len(members)))
        held.extend(members[j] for j in rng.permutation(len(members))[:take].tolist())
    held_set = set(held)
    tuning = [i for i in range(len(labels)) if i not in held_set]
    return tuning, sorted(held_set)


def read_raw(path: str | Path, no_header: bool, delimiter: str = ",") -> tuple[list[str], list]:
    """The file's header (empty without one) and its rows as lists, unchanged."""
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter=delimiter))
    if no_header or not rows:
        return [], rows
    return rows[0], rows[1:]


def write_part(path: Path, header: list[str], rows: list, delimiter: str = ",") -> str:
    """Write a part as the source was written (header kept or absent); its sha256."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=delimiter, lineterminator="\n")
        if header:
            writer.writerow(header)
        writer.writerows(rows)
    return hashlib.sha256(path.read_bytes()).hexdigest()
