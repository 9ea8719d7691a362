"""Write the sensitive-topics files the politics head trains and is measured on.

    python scripts/sensitive_split.py ../shared/data/sensitive-topics /tmp/sens

`train.csv` (columns text,politics,weight): the crowd file `v1_crowdsource_only.csv` without the
texts of `v1_val.csv` and `v1_test.csv` (it holds every one of them), then `v1_val.csv` itself,
weight 1; then the `appropriateness_v1_*.csv` texts that are in none of those files, with
their topic flags (mostly given by the authors' classifier, not by people), weight 0.5, so they
train the head but do not choose its cut. `test.csv` (text,politics): `v1_test.csv`, read once
at the end of a piece of work. A flag over 0.5 is politics (1); the rest is 0.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

AUXILIARY_WEIGHT = "0.5"  # chosen on the 5-fold CV of the human-labelled rows (README)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def flag(row: dict[str, str]) -> str:
    return "1" if float(row.get("politics") or 0) > 0.5 else "0"


def write(path: Path, rows: list[tuple[str, ...]], header: tuple[str, ...]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(header)
        out.writerows(rows)


def main(source: str, target: str) -> None:
    src, dst = Path(source), Path(target)
    dst.mkdir(parents=True, exist_ok=True)
    crowd, val, test = (read(src / f"v1_{n}.csv") for n in ("crowdsource_only", "val", "test"))
    held = {r["text"].strip() for r in val + test}
    people = [r for r in crowd if r["text"].strip() not in held] + val
    seen = held | {r["text"].strip() for r in people}
    auxiliary = []
    for name in ("appropriateness_v1_val.csv", "appropriateness_v1_test.csv"):
        for r in read(src / name):
            if r["text"].strip() not in seen:
                seen.add(r["text"].strip())
                auxiliary.append(r)
    rows = [(r["text"], flag(r), "1") for r in people]
    rows += [(r["text"], flag(r), AUXILIARY_WEIGHT) for r in auxiliary]
    write(dst / "train.csv", rows, ("text", "politics", "weight"))
    write(dst / "test.csv", [(r["text"], flag(r)) for r in test], ("text", "politics"))


if __name__ == "__main__":
    main(*sys.argv[1:3])
