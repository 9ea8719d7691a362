"""Fold-wise cross-validation on the tuning part, for choosing a setting (never the validation).

    python scripts/triage_tuning_cv.py --data /tmp/kursk-split/tuning.csv --no-header \
        --columns id,text,topic,executor,topic_group --out /tmp/kursk-prune03 --prune 0.03

Trains the routing heads as `otklik triage train` does (5 folds, seed 0), with the routing
tasks' `prune`, shortest char n-gram or centroid weight (`--centroid category=0.3`) overridden
when asked, and prints one JSON object: per head the pooled out-of-fold figures, the accuracy
of each fold, and the model's non-zero weights.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold

from otklik.triage import trainer
from otklik.triage.lemmas import Lemmatizer

ROUTING = ("category", "category_group", "department")


def fold_accuracy(labels: list[str], proba: np.ndarray, classes: list[str], folds: int) -> list:
    """Each fold's accuracy, from the same splitter the trainer used (seed 0)."""
    y = np.array([classes.index(label) for label in labels])
    counts = np.bincount(y)
    strat = np.where(counts[y] >= folds, y, -1)
    right = proba.argmax(1) == y
    splitter = StratifiedKFold(folds, shuffle=True, random_state=0)
    return [round(float(right[te].mean()), 4) for _, te in splitter.split(np.zeros(len(y)), strat)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--no-header", action="store_true")
    ap.add_argument("--columns")
    ap.add_argument("--out", required=True)
    ap.add_argument("--prune", type=float, help="weights under this share of the largest → 0")
    ap.add_argument("--char-min", type=int, help="shortest char n-gram (the routing heads: 3)")
    ap.add_argument(
        "--centroid",
        action="append",
        default=[],
        metavar="HEAD=W",
        help="nearest-centroid weight for one head, e.g. category=0.3 (repeatable)",
    )
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    rows = trainer.read_rows(args.data, args.no_header, args.columns)
    featurizer = trainer.Featurizer(Lemmatizer())
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    oof: dict = {}
    report = {}
    centroid = {k: float(v) for k, v in (x.split("=", 1) for x in args.centroid)}
    for name in ROUTING:
        task = trainer.TASKS[name]
        if args.prune is not None:
            task = dataclasses.replace(task, prune=args.prune)
        if args.char_min is not None:
            recipe = dataclasses.replace(task.recipe, char_min=args.char_min)
            task = dataclasses.replace(task, recipe=recipe)
        if name in centroid:
            task = dataclasses.replace(task, centroid=centroid[name])
        card = trainer.train(task, rows, out, featurizer=featurizer, folds=args.folds, oof=oof)
        head, proba = oof[name]
        labels = [r[task.label].strip() for r in rows if (r.get(task.label) or "").strip()]
        report[name] = {
            **card["cross_validation"],
            "folds_accuracy": fold_accuracy(labels, proba, card["classes"], args.folds),
            "nonzero_weights": int(np.count_nonzero(head.coef)),
        }
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
