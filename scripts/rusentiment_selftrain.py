"""Issue 15: semi-supervised use of unlabelled texts for the RuSentiment head, on the 2-fold CV.

    python scripts/rusentiment_split.py ../shared/data/rusentiment /tmp/rus
    python scripts/rusentiment_selftrain.py --train /tmp/rus/random_train.csv \
        --unlabelled ../shared/data/sensitive-topics/v1_crowdsource_only.csv \
            ../shared/data/sensitive-topics/appropriateness_v1_val.csv \
            ../shared/data/sensitive-topics/appropriateness_v1_test.csv \
            ../shared/data/russe-detox/train.tsv ../shared/data/russe-detox/dev.tsv \
        --cache /tmp/selftrain.npz --trial base --trial self:1000:0.3 --trial idf

The folds are the README's: the random posts of `random_train.csv` (weight 1) permuted with
numpy's default_rng(0) and cut in halves; each half is the test of a fold whose training set is
the other half plus every preselected post (weight 0.5). A head is fitted as `trainer.fit` fits
the sentiment task (balanced class weights, C 0.3, min_df 2, pruning), on features computed once
and cached in `--cache`. Only the `text` column of a CSV (a russe-detox TSV's toxic comment and
its first paraphrase) is read from the unlabelled files; their labels are never used.

Trials (repeatable `--trial`; each prints the macro-F1 of both folds):
- `base`: the recipe;
- `self:K:W[:R[:M[:CLASSES]]]`: self-training: the fold's head labels the unlabelled texts,
  the K most confident per class (score margin of the best class over the second, at least
  M, default 0) join the training at weight W, and the head is refitted; R rounds (default
  1); CLASSES limits the pseudo-labels to some classes (`self:1000:0.3:1:0:negative,neutral`);
- `lsa:K:S[:own]`: the TF-IDF plus S × a unit-length K-dim LSA (truncated SVD) projection
  fitted on the training and the unlabelled texts (with `own`: the training texts only);
- `idf[:pool]`: IDF (and with `pool`, also the min_df count) over the training and the
  unlabelled texts together.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

from otklik.triage import heads, trainer
from otklik.triage.features import hashed

TASK = trainer.TASKS["sentiment"]
TEXT_COLUMNS = ("text", "toxic_comment", "neutral_comment1")


def unlabelled_texts(paths: list[str]) -> list[str]:
    """Distinct non-empty texts of the files' text columns, in file order."""
    csv.field_size_limit(sys.maxsize)
    seen: dict[str, None] = {}
    for path in paths:
        delimiter = "\t" if path.endswith(".tsv") else ","
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter=delimiter):
                for col in TEXT_COLUMNS:
                    text = (row.get(col) or "").strip()
                    if text:
                        seen.setdefault(text, None)
    return list(seen)


def pack(feats: list) -> dict[str, np.ndarray]:
    sizes = np.array([len(f[0]) for f in feats])
    return {
        "idx": np.concatenate([f[0] for f in feats]),
        "tf": np.concatenate([f[1] for f in feats]),
        "ends": np.cumsum(sizes),
    }


def unpack(idx: np.ndarray, tf: np.ndarray, ends: np.ndarray) -> list:
    starts = np.concatenate([[0], ends[:-1]])
    return [(idx[a:b], tf[a:b]) for a, b in zip(starts, ends, strict=True)]


def features(train: str, unlabelled: list[str], cache: Path) -> dict:
    """The labelled and unlabelled texts' hashed features, computed once into `cache` (.npz)."""
    rows = trainer.read_rows(train)
    labels = [r["sentiment"] for r in rows]
    weights = trainer.row_weights(rows)
    if not cache.exists():
        featurizer = trainer.Featurizer()
        labelled = {r["text"] for r in rows}
        texts = [t for t in unlabelled_texts(unlabelled) if t not in labelled]
        own = pack([hashed(featurizer.doc(r["text"]), TASK.recipe) for r in rows])
        unl = pack([hashed(featurizer.doc(t), TASK.recipe) for t in texts])
        np.savez(
            cache,
            **{f"l_{k}": v for k, v in own.items()},
            **{f"u_{k}": v for k, v in unl.items()},
        )
    z = np.load(cache)
    return {
        "feats": unpack(z["l_idx"], z["l_tf"], z["l_ends"]),
        "labels": labels,
        "weights": weights,
        "unlabelled": unpack(z["u_idx"], z["u_tf"], z["u_ends"]),
    }


def folds(weights: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """(train, test) indices: halves of the random posts; the preselected ones always train."""
    random = np.flatnonzero(weights == 1.0)
    preselected = np.flatnonzero(weights != 1.0)
    perm = random[np.random.default_rng(0).permutation(len(random))]
    half = len(perm) // 2
    a, b = perm[:half], perm[half:]
    return [(np.concatenate([b, preselected]), a), (np.concatenate([a, preselected]), b)]


def fit(
    feats: list,
    labels: list[str],
    weights: np.ndarray,
    idf_feats: list | None = None,
    pool_min_df: bool = False,
) -> heads.Head:
    """`trainer.fit` for the sentiment task; `idf_feats` join the IDF's document counts."""
    w = trainer.class_weights(labels, TASK.balanced) * weights
    if idf_feats is None:
        return heads.build_head(
            TASK.name,
            feats,
            labels,
            TASK.recipe,
            c=TASK.c,
            min_df=TASK.min_df,
            char_weight=TASK.char_weight,
            weights=w,
            prune=TASK.prune,
        )
    return pooled_idf_head(feats, labels, w, idf_feats, pool_min_df)


def pooled_idf_head(
    feats: list, labels: list[str], w: np.ndarray, idf_feats: list, pool_min_df: bool
) -> heads.Head:
    """`heads.build_head` (no centroid) with document counts over `feats` + `idf_feats`."""
    own, own_df = np.unique(np.concatenate([f[0] for f in feats]), return_counts=True)
    extra, extra_df = np.unique(np.concatenate([f[0] for f in idf_feats]), return_counts=True)
    df = own_df + np.where(
        np.isin(own, extra), extra_df[np.searchsorted(extra, own).clip(0, len(extra) - 1)], 0
    )
    used = own[(df if pool_min_df else own_df) >= TASK.min_df]
    df = df[(df if pool_min_df else own_df) >= TASK.min_df]
    n = len(feats) + len(idf_feats)
    classes = sorted(set(labels))
    head = heads.Head(
        name=TASK.name,
        recipe=TASK.recipe,
        classes=classes,
        used=used,
        idf=(np.log((1 + n) / (1 + df)) + 1).astype(np.float32),
        coef=np.zeros((len(used), len(classes)), dtype=np.float32),
        intercept=np.zeros(len(classes), dtype=np.float32),
        char_weight=TASK.char_weight,
    )
    y = np.array([classes.index(label) for label in labels])
    model = heads.fit_linear(head.matrix(feats), y, TASK.c, w)
    head.coef = np.ascontiguousarray(model.coef_.T, dtype=np.float32)
    head.coef[np.abs(head.coef) < TASK.prune * np.abs(head.coef).max()] = 0.0
    head.intercept = model.intercept_.astype(np.float32)
    return head


def macro_f1(head: heads.Head, feats: list, labels: list[str]) -> float:
    pred = np.array(head.classes)[head.scores_matrix(feats).argmax(1)]
    return round(float(f1_score(labels, pred, average="macro")), 4)


def pseudo(
    head: heads.Head, unlabelled: list, k: int, margin: float
) -> tuple[np.ndarray, list[str]]:
    """Indices and labels of the `k` most confident unlabelled texts per predicted class."""
    scores = head.scores_matrix(unlabelled)
    order = np.sort(scores, axis=1)
    gap = order[:, -1] - order[:, -2]
    best = scores.argmax(1)
    picked, labels = [], []
    for j, c in enumerate(head.classes):
        mine = np.flatnonzero((best == j) & (gap >= margin))
        top = mine[np.argsort(-gap[mine])[:k]]
        picked.append(top)
        labels += [c] * len(top)
    return np.concatenate(picked), labels


def lsa(
    head: heads.Head,
    pool: list,
    feats: list,
    labels: list[str],
    weights: np.ndarray,
    te_feats: list,
    te_labels: list[str],
    k: int,
    scale: float,
) -> float:
    """Macro-F1 of the head's TF-IDF plus `scale` × a unit-length k-dim LSA projection fitted
    on `pool` (the training texts, with the unlabelled ones unless `own`)."""
    import scipy.sparse as sp
    from sklearn.decomposition import TruncatedSVD

    svd = TruncatedSVD(k, random_state=0).fit(head.matrix(pool))

    def block(fs: list) -> sp.csr_matrix:
        x = head.matrix(fs)
        z = svd.transform(x)
        z /= np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)
        return sp.hstack([x, sp.csr_matrix(scale * z)]).tocsr()

    y = np.array([head.classes.index(label) for label in labels])
    w = trainer.class_weights(labels, TASK.balanced) * weights
    model = heads.fit_linear(block(feats), y, TASK.c, w)
    pred = np.array(head.classes)[model.decision_function(block(te_feats)).argmax(1)]
    return round(float(f1_score(te_labels, pred, average="macro")), 4)


def trial(name: str, data: dict, base: dict[int, heads.Head]) -> dict:
    feats, labels, weights, unl = data["feats"], data["labels"], data["weights"], data["unlabelled"]
    kind, *params = name.split(":")
    out: dict[str, object] = {"trial": name, "folds": []}
    for f, (tr, te) in enumerate(folds(weights)):
        tr_feats = [feats[i] for i in tr]
        tr_labels = [labels[i] for i in tr]
        te_feats, te_labels = [feats[i] for i in te], [labels[i] for i in te]
        if f not in base:
            base[f] = fit(tr_feats, tr_labels, weights[tr])
        head = base[f]
        if kind == "self":
            k, w = int(params[0]), float(params[1])
            rounds = int(params[2]) if len(params) > 2 else 1
            margin = float(params[3]) if len(params) > 3 else 0.0
            only = set(params[4].split(",")) if len(params) > 4 else None
            picks = []
            for _ in range(rounds):
                idx, plabels = pseudo(head, unl, k, margin)
                if only is not None:
                    keep = [i for i, c in enumerate(plabels) if c in only]
                    idx, plabels = idx[keep], [plabels[i] for i in keep]
                picks.append({c: plabels.count(c) for c in sorted(set(plabels))})
                head = fit(
                    tr_feats + [unl[i] for i in idx],
                    tr_labels + plabels,
                    np.concatenate([weights[tr], np.full(len(idx), w)]),
                )
            out.setdefault("picked", []).append(picks)
        elif kind == "lsa":
            pool = tr_feats if "own" in params else tr_feats + unl
            out["folds"].append(
                lsa(
                    head,
                    pool,
                    tr_feats,
                    tr_labels,
                    weights[tr],
                    te_feats,
                    te_labels,
                    int(params[0]),
                    float(params[1]),
                )
            )
            continue
        elif kind == "idf":
            head = fit(tr_feats, tr_labels, weights[tr], unl, pool_min_df="pool" in params)
        out["folds"].append(macro_f1(head, te_feats, te_labels))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--unlabelled", nargs="+", default=[])
    ap.add_argument("--cache", required=True, type=Path)
    ap.add_argument("--trial", action="append", default=[])
    args = ap.parse_args()
    data = features(args.train, args.unlabelled, args.cache)
    print(f"размечено {len(data['feats'])}, без разметки {len(data['unlabelled'])}", flush=True)
    base: dict[int, heads.Head] = {}
    for name in args.trial:
        print(json.dumps(trial(name, data, base), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
