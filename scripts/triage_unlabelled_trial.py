"""Issue 15, fold by fold: the unlabelled texts and the rare topics for the topic head.

    C="--no-header --columns id,text,topic,executor,topic_group"
    python scripts/triage_unlabelled_trial.py --data /tmp/kursk-split/tuning.csv $C \
        --unlabelled ../shared/data --save /tmp/t1-save \
        --try ref,idf,vocab,lsa,self,rare,confident --lsa-scale 0.1,0.25,0.5

Every figure is the tuning part's 5-fold CV (seed 0, `trainer.fold_splits`), the topic head
as `trainer.TASKS["category"]` trains it (with its centroid vote), and the group head refined
by those topics as the trainer does. Variants (`--try`):

- `ref`: the reference recipe (must equal `scripts/triage_tuning_cv.py`'s folds);
- `idf`: IDF from the fold's training texts + the unlabelled texts (the kept columns unchanged);
- `vocab`: the kept columns too from both (min_df over both; the rest still count in the norm);
- `lsa`: TruncatedSVD of the lemmas' TF-IDF fitted on the fold's training texts + the unlabelled
  ones, appended as a dense block of norm `--lsa-scale`;
- `self`: self-training: unlabelled texts that the actionable rules call appeals and the fold's
  topic head labels with p ≥ `--self-p`, added at weight `--self-w`, then the head is refit;
- `rare`: back-off of a low-scored rare topic to its group's most frequent topic, and a head
  trained only on topics with ≥ k rows (the rest relabelled to their group's most frequent);
- `confident`: scores for the confident share (topic p, topic p × group agreement), each cut
  picked on four folds to reach 0.85 and applied to the fifth.

The unlabelled texts (sensitive-topics `text`, russe-detox comments, RuSentiment posts; labels
ignored) are featurised once and cached in `--cache`. Prints one JSON object per variant.
"""

from __future__ import annotations

import argparse
import csv
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from otklik.triage import trainer
from otklik.triage.actionable import ACTIONABLE, Actionable
from otklik.triage.heads import Head, centroids, fit_linear, fit_temperature
from otklik.triage.lemmas import Lemmatizer

TASK = trainer.TASKS["category"]
GROUP = trainer.TASKS["category_group"]
SAVE = ""  # --save: a folder for each variant's out-of-fold probabilities


def unlabelled_texts(root: Path) -> list[str]:
    """Every distinct unlabelled text in the shared data (labels ignored)."""
    csv.field_size_limit(sys.maxsize)
    texts: list[str] = []
    for name in (
        "v1_crowdsource_only.csv",
        "v1_val.csv",
        "v1_test.csv",
        "appropriateness_v1_val.csv",
        "appropriateness_v1_test.csv",
    ):
        with open(root / "sensitive-topics" / name, encoding="utf-8", newline="") as f:
            texts += [r["text"] for r in csv.DictReader(f)]
    for name in ("train.tsv", "dev.tsv"):
        with open(root / "russe-detox" / name, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                texts += [r.get("toxic_comment") or "", r.get("neutral_comment1") or ""]
    for name in ("random_posts.csv", "preselected_posts.csv"):
        with open(root / "rusentiment" / name, encoding="utf-8", newline="") as f:
            texts += [r["text"] for r in csv.DictReader(f)]
    seen: set[str] = set()
    out = []
    for t in texts:
        t = (t or "").strip()
        if len(t) >= 20 and t not in seen:
            seen.add(t)
            out.append(t)
    return out


def load_unlabelled(root: Path, cache: Path, featurizer: trainer.Featurizer) -> dict:
    """Features, word-block features and the actionable verdict of each unlabelled text."""
    if cache.exists():
        return pickle.loads(cache.read_bytes())  # noqa: S301 (our own cache)
    gate = Actionable()
    feats, appeal = [], []
    for text in unlabelled_texts(root):
        doc = featurizer.doc(text)
        feats.append(trainer.d_feats(TASK, doc))
        appeal.append(gate.assess(doc.clean, False)[0] >= ACTIONABLE)
    data = {"feats": feats, "appeal": np.array(appeal)}
    cache.write_bytes(pickle.dumps(data))
    return data


# -- the topic head, as `heads.build_head` fits it, with the variants' hooks ----------------


class Fitted:
    def __init__(self, head: Head, coef: np.ndarray, intercept: np.ndarray, lsa=None) -> None:
        self.head, self.coef, self.intercept, self.lsa = head, coef, intercept, lsa

    def scores(self, feats: list) -> np.ndarray:
        return design(self.head, feats, self.lsa) @ self.coef + self.intercept


def design(head: Head, feats: list, lsa) -> sp.csr_matrix:
    X = head.matrix(feats)
    if lsa is None:
        return X
    return sp.hstack([X, sp.csr_matrix(lsa.dense(feats))]).tocsr()


def doc_freq(feats: list, size: int) -> np.ndarray:
    df = np.zeros(size, dtype=np.int64)
    for i in range(0, len(feats), 5000):
        chunk = feats[i : i + 5000]
        df += np.bincount(np.concatenate([f[0] for f in chunk]), minlength=size)
    return df


def fit_topic(
    feats: list,
    labels: list[str],
    weights: np.ndarray | None,
    *,
    unl_df: np.ndarray | None = None,
    n_unl: int = 0,
    vocab: bool = False,
    lsa=None,
) -> Fitted:
    task = TASK
    size = 2 << task.recipe.bits
    df = doc_freq(feats, size)
    if unl_df is not None:
        keep = (df + unl_df >= task.min_df) if vocab else (df >= task.min_df)
        used = np.flatnonzero(keep)
        idf = np.log((1 + len(feats) + n_unl) / (1 + df[used] + unl_df[used])) + 1
    else:
        used = np.flatnonzero(df >= task.min_df)
        idf = np.log((1 + len(feats)) / (1 + df[used])) + 1
    classes = sorted(set(labels))
    head = Head(
        name=task.name,
        recipe=task.recipe,
        classes=classes,
        used=used,
        idf=idf.astype(np.float32),
        coef=np.zeros((len(used), len(classes)), dtype=np.float32),
        intercept=np.zeros(len(classes), dtype=np.float32),
        char_weight=task.char_weight,
    )
    X = design(head, feats, lsa)
    index = {c: i for i, c in enumerate(classes)}
    y = np.array([index[label] for label in labels])
    model = fit_linear(X, y, task.c, weights)
    coef = np.ascontiguousarray(model.coef_.T, dtype=np.float32)
    coef += task.centroid * centroids(X, y, len(classes))
    coef[np.abs(coef) < task.prune * np.abs(coef).max()] = 0.0
    return Fitted(head, coef, model.intercept_.astype(np.float32), lsa)


def train_weights(labels: list[str], n_docs: int, extra_w: np.ndarray | None = None) -> np.ndarray:
    """Class weights as `trainer.fit` sets them; names (rows past n_docs) × name_weight."""
    w = trainer.class_weights(labels, TASK.balanced)
    w[n_docs:] *= TASK.name_weight
    if extra_w is not None:
        w = np.concatenate([w, extra_w])
    return w


# -- LSA --------------------------------------------------------------------------------


class Lsa:
    """TruncatedSVD of the word block's TF-IDF (lemma 1–2-grams), rows of norm `scale`."""

    def __init__(self, feats: list, dims: int, scale: float, min_df: int = 3) -> None:
        from sklearn.decomposition import TruncatedSVD

        size = 1 << TASK.recipe.bits
        words = [word_block(f, size) for f in feats]
        df = doc_freq(words, size)
        self.used = np.flatnonzero(df >= min_df)
        self.col = np.full(size, -1, dtype=np.int64)
        self.col[self.used] = np.arange(len(self.used))
        self.idf = np.log((1 + len(feats)) / (1 + df[self.used])) + 1
        self.scale = scale
        self.svd = TruncatedSVD(dims, random_state=0).fit(self.tfidf(words))

    def tfidf(self, words: list) -> sp.csr_matrix:
        rows, cols, vals = [], [], []
        for i, (idx, tf) in enumerate(words):
            pos = self.col[idx]
            hit = pos >= 0
            rows.append(np.full(int(hit.sum()), i))
            cols.append(pos[hit])
            vals.append(tf[hit] * self.idf[pos[hit]])
        X = sp.csr_matrix(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
            shape=(len(words), len(self.used)),
        )
        norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
        return sp.diags(1.0 / np.maximum(norms, 1e-12)) @ X

    def dense(self, feats: list) -> np.ndarray:
        size = 1 << TASK.recipe.bits
        Z = self.svd.transform(self.tfidf([word_block(f, size) for f in feats]))
        Z /= np.maximum(np.linalg.norm(Z, axis=1, keepdims=True), 1e-12)
        return Z * self.scale


def word_block(f, size: int):
    idx, tf = f
    keep = idx < size
    return idx[keep], tf[keep]


# -- cross-validation -----------------------------------------------------------------------


class Data:
    def __init__(self, rows: list[dict], featurizer: trainer.Featurizer) -> None:
        rows = [r for r in rows if (r.get("category") or "").strip()]
        self.rows = rows
        self.labels = [r["category"].strip() for r in rows]
        self.groups = [r["category_group"].strip() for r in rows]
        self.group_of = dict(zip(self.labels, self.groups, strict=True))
        docs = featurizer.docs(rows)
        self.feats = [trainer.d_feats(TASK, d) for d in docs]
        self.name_labels = sorted(set(self.labels))
        self.name_feats = [
            trainer.d_feats(TASK, featurizer.doc(label)) for label in self.name_labels
        ]
        self.classes = sorted(set(self.labels))
        self.y = np.array([self.classes.index(label) for label in self.labels])
        self.splits = trainer.fold_splits(self.y, 5, 0)
        # the group head alone (its own CV), refined by the topics as the trainer does
        gdocs = docs
        gextra = [(featurizer.doc(g), g) for g in sorted(set(self.groups)) if not g.isdigit()]
        self.gclasses, self.gy, gscores = trainer.cross_validate(
            GROUP, gdocs, self.groups, gextra, 5
        )
        gtemp = fit_temperature(gscores, self.gy)
        z = gscores * gtemp
        z -= z.max(1, keepdims=True)
        self.gproba = np.exp(z) / np.exp(z).sum(1, keepdims=True)
        self.gsplits = trainer.fold_splits(self.gy, 5, 0)  # the group head's own folds


def topic_cv(data: Data, make, label_map=None) -> np.ndarray:
    """Out-of-fold scores of the topic head; `make(fold, tr, feats, labels, w)` fits it."""
    scores = np.full((len(data.labels), len(data.classes)), -10.0)
    for k, (tr, te) in enumerate(data.splits):
        labels = [data.labels[i] for i in tr]
        if label_map is not None:
            labels = label_map(labels)
        feats = [data.feats[i] for i in tr] + data.name_feats
        all_labels = labels + data.name_labels
        w = train_weights(all_labels, len(tr))
        fitted = make(k, tr, feats, all_labels, w)
        s = fitted.scores([data.feats[i] for i in te])
        for j, c in enumerate(fitted.head.classes):
            scores[te, data.classes.index(c)] = s[:, j]
    return scores


def calibrate(scores: np.ndarray, y: np.ndarray) -> np.ndarray:
    t = fit_temperature(scores, y)
    z = scores * t
    z -= z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def group_from(data: Data, proba: np.ndarray) -> np.ndarray:
    """The group head's out-of-fold probabilities refined by these topic probabilities."""
    m = np.zeros((len(data.classes), len(data.gclasses)))
    for i, c in enumerate(data.classes):
        m[i, data.gclasses.index(data.group_of[c])] = 1.0
    logp = np.log(data.gproba + 1e-9) + GROUP.member_weight * np.log(proba @ m + 1e-9)
    return logp.argmax(1)


def report(data: Data, name: str, proba: np.ndarray, pred: np.ndarray | None = None) -> dict:
    pred = proba.argmax(1) if pred is None else pred
    right = pred == data.y
    gpred = group_from(data, proba)
    gright = gpred == data.gy
    thr = trainer.pick_threshold(data.y, proba, TASK.target_precision)
    conf = proba.max(1) >= thr
    out = {
        "variant": name,
        "topic": round(float(right.mean()), 4),
        "folds": [round(float(right[te].mean()), 4) for _, te in data.splits],
        "group": round(float(gright.mean()), 4),
        "group_folds": [round(float(gright[te].mean()), 4) for _, te in data.gsplits],
        "confident": [round(float(conf.mean()), 3), round(float(right[conf].mean()), 3)],
    }
    print(json.dumps(out, ensure_ascii=False), flush=True)
    if SAVE:
        np.save(Path(SAVE) / f"{name.replace(' ', '_').replace('/', '_')}.npy", proba)
    return out


# -- the variants -------------------------------------------------------------------------


def plain(k, tr, feats, labels, w):
    return fit_topic(feats, labels, w)


def run_idf(data: Data, unl: dict, vocab: bool) -> None:
    size = 2 << TASK.recipe.bits
    unl_df = doc_freq(unl["feats"], size)
    n = len(unl["feats"])

    def make(k, tr, feats, labels, w):
        return fit_topic(feats, labels, w, unl_df=unl_df, n_unl=n, vocab=vocab)

    report(data, "vocab" if vocab else "idf", calibrate(topic_cv(data, make), data.y))


def run_lsa(data: Data, unl: dict, dims: int, scales: list[float]) -> None:
    lsas = {}
    for k, (tr, _) in enumerate(data.splits):
        t0 = time.process_time()
        lsas[k] = Lsa([data.feats[i] for i in tr] + unl["feats"], dims, 1.0)
        print(f"# lsa fold {k}: {time.process_time() - t0:.0f} s", file=sys.stderr, flush=True)
    for scale in scales:

        def make(k, tr, feats, labels, w, scale=scale):
            lsa = lsas[k]
            lsa.scale = scale
            return fit_topic(feats, labels, w, lsa=lsa)

        report(data, f"lsa dims={dims} scale={scale}", calibrate(topic_cv(data, make), data.y))


def run_self(data: Data, unl: dict, temperature: float, ps: list[float], ws: list[float]) -> None:
    appeals = [f for f, a in zip(unl["feats"], unl["appeal"], strict=True) if a]
    print(
        f"# {len(appeals)} of {len(unl['feats'])} unlabelled texts pass the gate", file=sys.stderr
    )
    first: dict[int, tuple[np.ndarray, np.ndarray, list[str]]] = {}
    for k, (tr, _) in enumerate(data.splits):
        labels = [data.labels[i] for i in tr] + data.name_labels
        feats = [data.feats[i] for i in tr] + data.name_feats
        fitted = fit_topic(feats, labels, train_weights(labels, len(tr)))
        s = fitted.scores(appeals) * temperature
        s -= s.max(1, keepdims=True)
        p = np.exp(s) / np.exp(s).sum(1, keepdims=True)
        first[k] = (p.max(1), p.argmax(1), fitted.head.classes)
    for p_min in ps:
        for w_pseudo in ws:

            def make(k, tr, feats, labels, w, p_min=p_min, w_pseudo=w_pseudo):
                best, arg, classes = first[k]
                pick = np.flatnonzero(best >= p_min)
                pseudo = [classes[j] for j in arg[pick]]
                per = dict(zip(labels, w, strict=True))  # a class's weight among the real rows
                extra_w = np.array([per[c] * w_pseudo for c in pseudo])
                return fit_topic(
                    feats + [appeals[j] for j in pick],
                    labels + pseudo,
                    np.concatenate([w, extra_w]),
                )

            counts = [int((first[k][0] >= p_min).sum()) for k in range(5)]
            print(f"# p≥{p_min}: pseudo-labelled per fold {counts}", file=sys.stderr, flush=True)
            proba = calibrate(topic_cv(data, make), data.y)
            report(data, f"self p>={p_min} w={w_pseudo}", proba)


def fold_counts(data: Data, tr: np.ndarray) -> tuple[dict[str, int], dict[str, str]]:
    """A fold's topic counts and each group's most frequent topic in it."""
    counts: dict[str, int] = {}
    for i in tr:
        counts[data.labels[i]] = counts.get(data.labels[i], 0) + 1
    top: dict[str, str] = {}
    for topic, _n in sorted(counts.items(), key=lambda x: (-x[1], x[0])):
        top.setdefault(data.group_of[topic], topic)
    return counts, top


def run_rare(data: Data, ref: np.ndarray, ks: list[int], ps: list[float]) -> None:
    # back-off after the fact: a rare top topic under p → its group's most frequent topic
    for k_min in ks:
        for p_max in ps:
            pred = ref.argmax(1).copy()
            for tr, te in data.splits:
                counts, top = fold_counts(data, tr)
                for i in te:
                    c = data.classes[pred[i]]
                    if counts.get(c, 0) < k_min and ref[i].max() < p_max:
                        pred[i] = data.classes.index(top[data.group_of[c]])
            report(data, f"back-off k<{k_min} p<{p_max}", ref, pred)
    # the head trained only on topics with ≥ k rows; the rest relabelled by group
    for k_min in ks:
        maps = {}
        for fold, (tr, _) in enumerate(data.splits):
            counts, top = fold_counts(data, tr)
            maps[fold] = {
                c: (c if n >= k_min else top[data.group_of[c]]) for c, n in counts.items()
            }

        def make(fold, tr, feats, labels, w, maps=maps):
            m = maps[fold]
            labels = [m.get(c, c) if i < len(tr) else c for i, c in enumerate(labels)]
            n_real = len(tr)
            keep = [i for i, c in enumerate(labels) if i < n_real or c in set(labels[:n_real])]
            labels = [labels[i] for i in keep]
            w = train_weights(labels, n_real)
            return fit_topic([feats[i] for i in keep], labels, w)

        report(data, f"frequent only k>={k_min}", calibrate(topic_cv(data, make), data.y))


def run_confident(data: Data, ref: np.ndarray) -> None:
    """Cut picked on four folds (lowest reaching 0.85 there), applied to the fifth."""
    gm = np.zeros((len(data.classes), len(data.gclasses)))
    for i, c in enumerate(data.classes):
        gm[i, data.gclasses.index(data.group_of[c])] = 1.0
    top = ref.argmax(1)
    p_top = ref.max(1)
    gtop_of_topic = gm[top].argmax(1)
    gp = data.gproba[np.arange(len(top)), gtop_of_topic]
    agree = data.gproba.argmax(1) == gtop_of_topic
    topic_mass = (ref @ gm)[np.arange(len(top)), gtop_of_topic]
    right = top == data.y
    scores = {
        "maxp": p_top,
        "maxp·p(group)": p_top * gp,
        "maxp if groups agree": np.where(agree, p_top, 0.0),
        "maxp·mass(group)": p_top * topic_mass,
        "sqrt(maxp·p(group))·agree": np.sqrt(p_top * gp) * agree,
    }
    for name, s in scores.items():
        shares, accs, hits, n_conf = [], [], 0, 0
        for _, te in data.splits:
            rest = np.setdiff1d(np.arange(len(top)), te)
            cut = 1.01
            for t in np.unique(np.round(s[rest], 3)):
                mask = s[rest] >= t
                if mask.sum() >= 20 and right[rest][mask].mean() >= 0.85:
                    cut = t
                    break
            conf = s[te] >= cut
            shares.append(round(float(conf.mean()), 3))
            accs.append(round(float(right[te][conf].mean()) if conf.any() else 0.0, 3))
            hits += int(right[te][conf].sum())
            n_conf += int(conf.sum())
        out = {
            "score": name,
            "share": round(n_conf / len(top), 3),
            "accuracy": round(hits / max(n_conf, 1), 3),
            "folds_share": shares,
            "folds_accuracy": accs,
        }
        print(json.dumps(out, ensure_ascii=False), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--no-header", action="store_true")
    ap.add_argument("--columns")
    ap.add_argument("--unlabelled", default="../shared/data")
    ap.add_argument("--cache", default="/tmp/triage-unlabelled.pkl")  # noqa: S108
    ap.add_argument("--try", dest="tries", default="ref")
    ap.add_argument("--save", default="", help="a folder for the out-of-fold probabilities")
    ap.add_argument("--lsa-dims", type=int, default=200)
    ap.add_argument("--lsa-scale", default="0.25,0.5")
    ap.add_argument("--self-p", default="0.7,0.9")
    ap.add_argument("--self-w", default="0.1,0.3")
    ap.add_argument("--rare-k", default="2,3")
    ap.add_argument("--rare-p", default="0.3,0.5")
    args = ap.parse_args()
    tries = args.tries.split(",")
    featurizer = trainer.Featurizer(Lemmatizer())
    data = Data(trainer.read_rows(args.data, args.no_header, args.columns), featurizer)
    global SAVE
    SAVE = args.save
    ref_path = Path(args.save or ".") / "ref_scores.npy"
    if args.save and ref_path.exists():
        ref_scores = np.load(ref_path)
    else:
        ref_scores = topic_cv(data, plain)
        if args.save:
            Path(args.save).mkdir(parents=True, exist_ok=True)
            np.save(ref_path, ref_scores)
    temperature = fit_temperature(ref_scores, data.y)
    ref = calibrate(ref_scores, data.y)
    report(data, "ref", ref)
    floats = lambda s: [float(x) for x in s.split(",")]  # noqa: E731
    if any(t in tries for t in ("idf", "vocab", "lsa", "self")):
        unl = load_unlabelled(Path(args.unlabelled), Path(args.cache), featurizer)
        print(f"# {len(unl['feats'])} unlabelled texts", file=sys.stderr, flush=True)
    if "idf" in tries:
        run_idf(data, unl, vocab=False)
    if "vocab" in tries:
        run_idf(data, unl, vocab=True)
    if "lsa" in tries:
        run_lsa(data, unl, args.lsa_dims, floats(args.lsa_scale))
    if "self" in tries:
        run_self(data, unl, temperature, floats(args.self_p), floats(args.self_w))
    if "confident" in tries:
        run_confident(data, ref)
    if "rare" in tries:
        run_rare(data, ref, [int(k) for k in args.rare_k.split(",")], floats(args.rare_p))


if __name__ == "__main__":
    main()
