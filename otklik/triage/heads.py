"""One generic learnt head: hashed word+char TF-IDF → linear model → calibrated top-k.

A head keeps only the feature columns seen in training (sorted), their IDF weights, a dense
float32 weight matrix and a softmax temperature fitted on cross-validated scores.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from otklik.triage.document import Doc
from otklik.triage.features import Recipe, hashed

Feats = tuple[np.ndarray, np.ndarray]


@dataclass
class Head:
    name: str
    recipe: Recipe
    classes: list[str]
    used: np.ndarray  # sorted feature indices kept
    idf: np.ndarray  # float32, one per kept column
    coef: np.ndarray  # (n_used, n_classes) float32
    intercept: np.ndarray  # (n_classes,)
    temperature: float = 1.0
    threshold: float = 0.5
    char_weight: float = 1.0
    prior: np.ndarray | None = None  # optional additive log-prior per class
    card: dict[str, object] = field(default_factory=dict)
    # hierarchy: another head's labels that belong to this head's classes (topic → group); the
    # final probability is p(class) · (Σ p(member))^member_weight, renormalised. A member may
    # instead spread over our classes by counts (topic → executor: {executor: n}), smoothed by
    # `member_smoothing` spread evenly: then Σ p(member) · share(member → class)
    member_head: str = ""
    members: dict[str, str | dict[str, float]] = field(default_factory=dict)
    member_weight: float = 0.0
    member_smoothing: float = 0.0
    _members_m: tuple[list[str], np.ndarray] | None = field(default=None, repr=False)
    _column: np.ndarray | None = field(default=None, repr=False)

    # -- inference -------------------------------------------------------------------------
    @property
    def column(self) -> np.ndarray:
        """Feature index → kept column (-1 when unused): one gather instead of a binary search."""
        if self._column is None or len(self._column) != 2 << self.recipe.bits:
            col = np.full(2 << self.recipe.bits, -1, dtype=np.int32)
            col[self.used] = np.arange(len(self.used), dtype=np.int32)
            self._column = col
        return self._column

    def vector(self, feats: Feats) -> tuple[np.ndarray, np.ndarray]:
        """Positions among the kept columns and their normalised TF-IDF values."""
        idx, tf = feats
        pos = self.column[idx]
        hit = pos >= 0
        pos, idx = pos[hit], idx[hit]
        val = tf[hit] * self.idf[pos]
        return pos, block_normalise(idx, val, self.recipe.bits, self.char_weight)

    def scores(self, feats: Feats) -> np.ndarray:
        pos, val = self.vector(feats)
        return val @ self.coef[pos] + self.intercept

    def proba_from_scores(self, scores: np.ndarray) -> np.ndarray:
        z = scores * self.temperature
        z = z - z.max(axis=-1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)

    def combine(self, proba: np.ndarray, child: Head, child_proba: np.ndarray) -> np.ndarray:
        """Multiply in the summed probabilities of each class's members (rows: messages)."""
        if not self.members or self.member_weight <= 0 or child.name != self.member_head:
            return proba
        m = self._membership(child)
        logp = np.log(proba + 1e-9) + self.member_weight * np.log(child_proba @ m + 1e-9)
        logp -= logp.max(axis=-1, keepdims=True)
        out = np.exp(logp)
        return out / out.sum(axis=-1, keepdims=True)

    def _membership(self, child: Head) -> np.ndarray:
        """Child class × our class 0/1 matrix, built once per child head."""
        key = child.classes  # the same list object: no per-message comparison of its labels
        if self._members_m is None or self._members_m[0] is not key:
            index = {c: i for i, c in enumerate(self.classes)}
            m = np.zeros((len(child.classes), len(self.classes)), dtype=np.float64)
            for i, label in enumerate(child.classes):
                target = self.members.get(label)
                if isinstance(target, dict):  # counts over our classes → smoothed shares
                    for ours, n in target.items():
                        if ours in index:
                            m[i, index[ours]] = n
                    m[i] += self.member_smoothing / len(self.classes)
                    m[i] /= max(m[i].sum(), 1e-12)
                elif target in index:
                    m[i, index[target]] = 1.0
            self._members_m = (key, m)
        return self._members_m[1]

    def top(self, proba: np.ndarray, k: int = 3) -> list[tuple[str, float]]:
        if len(proba) > 4 * k:  # partition first: a full sort of 161 topics is wasted work
            part = np.argpartition(-proba, k)[:k]
            order = part[np.argsort(-proba[part], kind="stable")]
        else:
            order = np.argsort(-proba, kind="stable")[:k]
        classes = self.classes
        return [(classes[i], round(float(proba[i]), 4)) for i in order.tolist()]

    def features(self, doc: Doc) -> Feats:
        return hashed(doc, self.recipe)

    def predict(self, doc: Doc, k: int = 3, feats: Feats | None = None) -> list[tuple[str, float]]:
        p = self.proba_from_scores(self.scores(feats if feats is not None else self.features(doc)))
        top = np.argsort(-p)[:k]
        return [(self.classes[i], round(float(p[i]), 4)) for i in top]

    def scores_matrix(self, feats: list[Feats]) -> np.ndarray:
        return self.matrix(feats) @ self.coef + self.intercept

    def matrix(self, feats: list[Feats]) -> sp.csr_matrix:
        rows, cols, vals = [], [], []
        for i, f in enumerate(feats):
            pos, val = self.vector(f)
            rows.append(np.full(len(pos), i))
            cols.append(pos)
            vals.append(val)
        return sp.csr_matrix(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
            shape=(len(feats), len(self.used)),
        )

    # -- persistence -----------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        arrays = {"used": self.used, "idf": self.idf, "intercept": self.intercept}
        rows, cols = np.nonzero(self.coef)
        if len(rows) < self.coef.size // 3:  # pruned: keep only the non-zero weights on disk
            arrays.update(
                coef_rows=rows.astype(np.int32),
                coef_cols=cols.astype(np.int16 if self.coef.shape[1] < 2**15 else np.int32),
                coef_vals=self.coef[rows, cols],
                coef_shape=np.array(self.coef.shape),
            )
        else:
            arrays["coef"] = self.coef
        if self.prior is not None:
            arrays["prior"] = self.prior
        np.savez(directory / f"{self.name}.npz", **arrays)
        meta = {
            "name": self.name,
            "recipe": self.recipe.as_dict(),
            "classes": self.classes,
            "temperature": self.temperature,
            "threshold": self.threshold,
            "char_weight": self.char_weight,
        }
        if self.members:
            meta.update(
                member_head=self.member_head,
                members=self.members,
                member_weight=self.member_weight,
            )
            if self.member_smoothing:
                meta["member_smoothing"] = self.member_smoothing
        (directory / f"{self.name}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1))

    @classmethod
    def load(cls, directory: Path, name: str) -> Head:
        meta = json.loads((directory / f"{name}.json").read_text())
        arrays = np.load(directory / f"{name}.npz")
        return cls(
            name=meta["name"],
            recipe=Recipe.from_dict(meta["recipe"]),
            classes=list(meta["classes"]),
            used=arrays["used"],
            idf=arrays["idf"],
            coef=_coef(arrays),
            intercept=arrays["intercept"],
            temperature=float(meta["temperature"]),
            threshold=float(meta["threshold"]),
            char_weight=float(meta["char_weight"]),
            prior=arrays["prior"] if "prior" in arrays else None,
            member_head=meta.get("member_head", ""),
            members=dict(meta.get("members", {})),
            member_weight=float(meta.get("member_weight", 0.0)),
            member_smoothing=float(meta.get("member_smoothing", 0.0)),
        )


def _coef(arrays) -> np.ndarray:
    """The dense weight matrix, from a dense or a sparse (pruned) copy on disk."""
    if "coef" in arrays:
        return arrays["coef"]
    coef = np.zeros(tuple(arrays["coef_shape"]), dtype=np.float32)
    coef[arrays["coef_rows"], arrays["coef_cols"]] = arrays["coef_vals"]
    return coef


def block_normalise(idx: np.ndarray, val: np.ndarray, bits: int, char_weight: float) -> np.ndarray:
    """L2-normalise the word block and the char block separately (like a FeatureUnion)."""
    is_char = idx >= (1 << bits)
    out = val.astype(np.float32, copy=True)
    for mask, weight in ((~is_char, 1.0), (is_char, char_weight)):
        norm = float(np.sqrt(np.dot(out[mask], out[mask])))
        if norm > 0:
            out[mask] *= weight / norm
    return out


def fit_linear(X: sp.csr_matrix, y: np.ndarray, c: float, weights: np.ndarray | None = None):
    from sklearn.svm import LinearSVC

    model = LinearSVC(C=c, class_weight=None, max_iter=5000)
    model.fit(X, y, sample_weight=weights)
    return model


def build_head(
    name: str,
    feats: list[Feats],
    labels: list[str],
    recipe: Recipe,
    *,
    c: float = 0.5,
    min_df: int = 1,
    char_weight: float = 1.0,
    weights: np.ndarray | None = None,
    prune: float = 0.0,
    centroid: float = 0.0,
) -> Head:
    """Fit a head on precomputed features (temperature and threshold are set by the trainer).

    `prune` zeroes every weight smaller than that fraction of the largest: a linear SVM's
    weights are mostly near zero (on Kursk, 97% of the topic head's fall under 1% of its
    largest), and the fused scorer then reads only the rest.

    `centroid` adds that multiple of each class's unit-length mean vector (nearest-centroid
    cosine scores) to the SVM's weights: a prototype vote that a rare class gets in full,
    folded into the same linear weights, so inference costs nothing more.
    """
    classes = sorted(set(labels))
    all_idx = np.concatenate([f[0] for f in feats])
    uniq, df = np.unique(all_idx, return_counts=True)
    used = uniq[df >= min_df]
    df = df[df >= min_df]
    idf = (np.log((1 + len(feats)) / (1 + df)) + 1).astype(np.float32)
    head = Head(
        name=name,
        recipe=recipe,
        classes=classes,
        used=used,
        idf=idf,
        coef=np.zeros((len(used), len(classes)), dtype=np.float32),
        intercept=np.zeros(len(classes), dtype=np.float32),
        char_weight=char_weight,
    )
    X = head.matrix(feats)
    index = {label: i for i, label in enumerate(classes)}
    y = np.array([index[label] for label in labels])
    if len(classes) == 1:
        head.intercept[:] = 1.0
        return head
    model = fit_linear(X, y, c, weights)
    coef = model.coef_
    intercept = np.atleast_1d(model.intercept_)
    if len(classes) == 2:  # binary: expand to two symmetric columns
        coef = np.vstack([-coef[0], coef[0]]) / 2
        intercept = np.array([-intercept[0], intercept[0]]) / 2
    head.coef = np.ascontiguousarray(coef.T, dtype=np.float32)
    if centroid > 0:
        head.coef += centroid * centroids(X, y, len(classes))
    if prune > 0:
        head.coef[np.abs(head.coef) < prune * np.abs(head.coef).max()] = 0.0
    head.intercept = intercept.astype(np.float32)
    return head


def centroids(X: sp.csr_matrix, y: np.ndarray, n_classes: int) -> np.ndarray:
    """(n_columns, n_classes) float32: each class's mean of unit-length rows, unit-length."""
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    rows = sp.diags(1.0 / np.maximum(norms, 1e-12)) @ X
    member = sp.csr_matrix((np.ones(len(y)), (y, np.arange(len(y)))), shape=(n_classes, len(y)))
    sums = np.asarray((member @ rows).todense())
    sums /= np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    return np.ascontiguousarray(sums.T, dtype=np.float32)


def fit_temperature(scores: np.ndarray, y: np.ndarray) -> float:
    """The softmax temperature minimising log-loss of cross-validated scores."""
    best, best_t = np.inf, 1.0
    for t in np.geomspace(0.3, 30, 41):
        z = scores * t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = -logp[np.arange(len(y)), y].mean()
        if loss < best:
            best, best_t = loss, float(t)
    return best_t
