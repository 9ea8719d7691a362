"""Issue 15's trial of navec word embeddings (natasha's wheel) for the routing heads; not kept.

Needs `pip install navec` and the data file from natasha's wheel (nothing else of natasha):

    unzip -o natasha-1.6.0-py3-none-any.whl 'natasha/data/emb/*' -d /tmp/nat
    python scripts/triage_navec_trial.py append --data /tmp/kursk-split/tuning.csv --no-header \
        --columns id,text,topic,executor,topic_group \
        --navec /tmp/nat/natasha/data/emb/navec_news_v1_1B_250K_300d_100q.tar --scale 0.5
    python scripts/triage_navec_trial.py blend … --navec … --c 100 --w 0,0.05,0.1,0.15,0.25

Each message's vector is the unit-length mean (or `--kind idf`: IDF-weighted mean) of its
words' vectors (the surface form, else the lemma). `append` adds it to every head's sparse
features as a third block, times `--scale`, and trains as `otklik triage train` does (the
trainer's feature and normalisation functions are replaced in this process only); `blend`
fits a logistic regression on the vectors in each fold and adds `w` × its log-probabilities
to the reference heads' out-of-fold ones. Both print each fold's accuracy (5 folds, seed 0).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from tempfile import TemporaryDirectory

import numpy as np
from navec import Navec
from triage_tuning_cv import ROUTING, fold_accuracy

from otklik.triage import heads, trainer
from otklik.triage.document import Doc
from otklik.triage.features import hashed
from otklik.triage.lemmas import Lemmatizer

DIM = 300


def vectors(docs: list, navec: Navec, kind: str) -> np.ndarray:
    """(n, 300) unit-length mean (or IDF-weighted mean, IDF over `docs`) of the words' vectors."""
    words = [
        [w for w in (t.text if t.text in navec else t.lemma for t in d.tokens) if w in navec]
        for d in docs
    ]
    df: dict[str, int] = {}
    for ws in words:
        for w in set(ws):
            df[w] = df.get(w, 0) + 1
    out = np.zeros((len(docs), DIM), np.float32)
    for i, ws in enumerate(words):
        if ws:
            e = np.stack([navec[w] for w in ws])
            wt = np.ones(len(ws))
            if kind == "idf":
                wt = np.array([np.log((1 + len(docs)) / (1 + df[w])) + 1 for w in ws])
            v = (e * wt[:, None]).sum(0)
            out[i] = v / max(float(np.linalg.norm(v)), 1e-12)
    return out


def patch_append(navec: Navec, kind: str, scale: float) -> None:
    """A third feature block past the char block: the message's vector times `scale`."""
    norm = heads.block_normalise

    def block_normalise(
        idx: np.ndarray, val: np.ndarray, bits: int, char_weight: float
    ) -> np.ndarray:
        dense = idx >= (2 << bits)
        out = np.empty(len(val), np.float32)
        out[~dense] = norm(idx[~dense], val[~dense], bits, char_weight)
        out[dense] = val[dense] * scale
        return out

    def column(self: heads.Head) -> np.ndarray:
        n = (2 << self.recipe.bits) + DIM
        if self._column is None or len(self._column) != n:
            self._column = np.full(n, -1, dtype=np.int64)
            self._column[self.used] = np.arange(len(self.used))
        return self._column

    def d_feats(task: trainer.Task, doc: Doc) -> tuple[np.ndarray, np.ndarray]:
        if "_navec" not in doc.cache:
            doc.cache["_navec"] = vectors([doc], navec, "mean")[0] if kind == "mean" else None
        idx, tf = hashed(doc, task.recipe)
        dense = (2 << task.recipe.bits) + np.arange(DIM)
        return np.concatenate([idx, dense]), np.concatenate([tf, doc.cache["_navec"]])

    heads.block_normalise = block_normalise
    heads.Head.column = property(column)
    trainer.d_feats = d_feats


def run_heads(rows: list[dict], featurizer: trainer.Featurizer, out: Path) -> dict:
    oof: dict = {}
    report = {}
    for name in ROUTING:
        task = trainer.TASKS[name]
        card = trainer.train(task, rows, out, featurizer=featurizer, folds=5, oof=oof)
        labels = [r[task.label].strip() for r in rows if (r.get(task.label) or "").strip()]
        cv = card["cross_validation"]
        report[name] = {
            "accuracy": cv["accuracy"],
            "folds": fold_accuracy(labels, oof[name][1], card["classes"], 5),
            "coverage": cv.get("coverage"),
            "accuracy_when_confident": cv.get("accuracy_when_confident"),
            "oof": (labels, card["classes"], oof[name][1]),
        }
    return report


def blend(report: dict, x: np.ndarray, c: float, ws: list[float]) -> dict:
    from sklearn.linear_model import LogisticRegression

    out = {}
    for name, r in report.items():
        labels, classes, p = r["oof"]
        y = np.array([classes.index(label) for label in labels])
        q = np.full_like(p, 1e-6)
        for tr, te in trainer.fold_splits(y, 5, 0):
            model = LogisticRegression(C=c, max_iter=300).fit(x[tr], y[tr])
            q[np.ix_(te, model.classes_)] = model.predict_proba(x[te])
        out[name] = {"vectors_alone": round(float((q.argmax(1) == y).mean()), 4)}
        for w in ws:
            logp = np.log(np.clip(p, 1e-12, 1)) + w * np.log(np.clip(q, 1e-12, 1))
            blended = np.exp(logp - logp.max(1, keepdims=True))
            out[name][f"w={w}"] = {
                "accuracy": round(float((blended.argmax(1) == y).mean()), 4),
                "folds": fold_accuracy(labels, blended, classes, 5),
            }
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["append", "blend"])
    ap.add_argument("--data", required=True)
    ap.add_argument("--no-header", action="store_true")
    ap.add_argument("--columns")
    ap.add_argument("--navec", required=True, help="navec_news_v1_1B_250K_300d_100q.tar")
    ap.add_argument("--kind", choices=["mean", "idf"], default="mean")
    ap.add_argument("--scale", type=float, default=0.5, help="append: the vector block's norm")
    ap.add_argument("--c", type=float, default=100.0, help="blend: logistic regression's C")
    ap.add_argument("--w", default="0,0.05,0.1,0.15,0.25", help="blend: weights, comma-separated")
    args = ap.parse_args()
    rows = trainer.read_rows(args.data, args.no_header, args.columns)
    navec = Navec.load(args.navec)
    featurizer = trainer.Featurizer(Lemmatizer())
    with TemporaryDirectory() as tmp:
        if args.mode == "append":
            if args.kind == "idf":
                docs = featurizer.docs(rows)
                vecs = vectors(docs, navec, "idf")
                by_text = {d.text: v for d, v in zip(docs, vecs, strict=True)}
                orig = featurizer.doc

                def doc(text: str, meta: dict | None = None) -> Doc:
                    d = orig(text, meta)
                    d.cache["_navec"] = by_text.get(d.text, vectors([d], navec, "mean")[0])
                    return d

                featurizer.doc = doc
            patch_append(navec, args.kind, args.scale)
            report = run_heads(rows, featurizer, Path(tmp))
            print(json.dumps({k: {**v, "oof": None} for k, v in report.items()}))
        else:
            report = run_heads(rows, featurizer, Path(tmp))
            x = vectors(featurizer.docs(rows), navec, args.kind)
            ws = [float(w) for w in args.w.split(",")]
            print(json.dumps(blend(report, x, args.c, ws)))


if __name__ == "__main__":
    main()
