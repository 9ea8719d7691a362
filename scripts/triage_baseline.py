"""The plain baseline the triage bars are set against: TF-IDF (word 1-2 + char 2-5 grams,
sublinear) + LinearSVC, on the same stratified folds as `otklik triage train`.

    python scripts/triage_baseline.py --data ../shared/data/kursk-appeals/train.csv --no-header \
        --columns id,text,topic,executor,topic_group
    python scripts/triage_baseline.py --data rs_train.csv --test rs_test.csv --label sentiment
    python scripts/triage_baseline.py --data /tmp/kursk-split/tuning.csv \
        --test /tmp/kursk-split/validation.csv --no-header \
        --columns id,text,topic,executor,topic_group

Prints one JSON object: accuracy (and macro-F1) per label column, cross-validated, or on --test.
"""

from __future__ import annotations

import argparse
import json

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline, make_union
from sklearn.svm import LinearSVC

from otklik.triage.trainer import read_rows


def model(c: float):
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
    return make_pipeline(make_union(words, chars), LinearSVC(C=c))


def scores(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    return {
        "accuracy": round(float((pred == y).mean()), 4),
        "macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
    }


def held_out(fitted, texts: list[str], y: np.ndarray) -> dict[str, float]:
    """Accuracy, macro-F1 and top-3 on a held-out part, counted as `otklik triage evaluate`
    does: labels unseen in training are one class, macro-F1 averages over the true labels."""
    classes = fitted.classes_
    y = np.array([c if c in set(classes) else "\x00unseen" for c in y])
    margin = fitted.decision_function(texts)
    if margin.ndim == 1:
        margin = np.stack([-margin, margin], 1)
    order = np.argsort(-margin, axis=1)
    pred = classes[order[:, 0]]
    top3 = (classes[order[:, :3]] == y[:, None]).any(1)
    out = {
        "n": len(y),
        "accuracy": round(float((pred == y).mean()), 4),
        "macro_f1": round(float(f1_score(y, pred, average="macro", labels=np.unique(y))), 4),
        "top3": round(float(top3.mean()), 4),
    }
    if set(classes) == {"0", "1"}:  # a flag (politics): precision and recall of the 1s
        hit = ((pred == "1") & (y == "1")).sum()
        out["precision_1"] = round(float(hit / max((pred == "1").sum(), 1)), 4)
        out["recall_1"] = round(float(hit / max((y == "1").sum(), 1)), 4)
    return out


def cross_validated(texts: list[str], labels: list[str], folds: int, c: float) -> dict:
    y = np.array(labels)
    classes, yi = np.unique(y, return_inverse=True)
    counts = np.bincount(yi)
    strat = np.where(counts[yi] >= folds, yi, -1)  # as the trainer: rare labels share a stratum
    pred = np.empty(len(y), dtype=object)
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=0).split(texts, strat):
        fitted = model(c).fit([texts[i] for i in tr], y[tr])
        pred[te] = fitted.predict([texts[i] for i in te])
    return scores(y, pred.astype(str))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--test")
    ap.add_argument("--no-header", action="store_true")
    ap.add_argument("--columns")
    ap.add_argument("--label", action="append", help="label columns (default: every known one)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("-c", type=float, default=0.5)
    args = ap.parse_args()
    rows = read_rows(args.data, args.no_header, args.columns)
    labels = args.label or [
        c for c in ("category", "category_group", "department", "sentiment") if c in rows[0]
    ]
    report = {}
    for label in labels:
        kept = [r for r in rows if (r.get(label) or "").strip()]
        texts, y = [r["text"] for r in kept], [r[label].strip() for r in kept]
        if args.test:
            test = read_rows(args.test, args.no_header, args.columns)
            test = [r for r in test if (r.get(label) or "").strip()]
            fitted = model(args.c).fit(texts, y)
            y_test = np.array([r[label].strip() for r in test])
            report[label] = held_out(fitted, [r["text"] for r in test], y_test)
        else:
            report[label] = cross_validated(texts, y, args.folds, args.c)
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
