"""The generic trainer and evaluator: a head is configuration (task, label column, recipe)."""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import sys
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from otklik.triage.clean import Cleaner
from otklik.triage.document import Doc
from otklik.triage.features import Recipe
from otklik.triage.heads import Feats, Head, build_head, fit_temperature
from otklik.triage.lemmas import Lemmatizer
from otklik.triage.markup import Markup
from otklik.triage.places import PlaceKeys
from otklik.triage.shape import Shape

log = logging.getLogger(__name__)

# Column names accepted for each label (the Kursk file's names first map onto ours).
ALIASES = {"topic": "category", "executor": "department", "topic_group": "category_group"}


@dataclass(frozen=True)
class Task:
    name: str
    label: str  # label column
    recipe: Recipe = field(default_factory=Recipe)
    c: float = 0.5
    char_weight: float = 1.0
    min_df: int = 1
    label_names: bool = False  # add each label's own name (and description) as a training text
    target_precision: float = 0.85  # the confidence threshold is set to reach this on CV
    members: str = ""  # a finer task whose labels each belong to one of ours (topic → group)
    member_weight: float = 0.0  # weight of the members' summed probability (0: off)
    member_counts: bool = False  # members spread over our labels by counts (topic → executor)
    member_smoothing: float = 1.0  # with member_counts: pseudo-count spread over our labels
    balanced: float = 0.0  # class weights (n / (k · n_class)) ** balanced; 1 = sklearn "balanced"
    name_weight: float = 1.0  # weight of a label's own name (and description) as an example
    prune: float = 0.01  # weights under this fraction of the largest are zeroed (speed)
    centroid: float = 0.0  # weight of the nearest-centroid (prototype) scores added to the SVM's


# Routing heads: char 3-5 grams score as well as 2-5 on Kursk CV with a quarter fewer features.
ROUTING = Recipe(char_min=3)

TASKS: dict[str, Task] = {
    t.name: t
    for t in [
        Task(
            "category",
            "category",
            ROUTING,
            min_df=2,
            label_names=True,
            balanced=0.6,
            name_weight=3.0,
            centroid=0.6,
        ),
        Task(
            "category_group",
            "category_group",
            ROUTING,
            min_df=2,
            label_names=True,
            members="category",
            member_weight=1.5,
            balanced=0.6,
        ),
        Task(
            "department",
            "department",
            Recipe(char_min=3, extra=("territory", "place", "markup")),
            min_df=2,
            label_names=True,
            balanced=0.6,
            name_weight=6.0,
            members="category",
            member_weight=0.25,
            member_counts=True,
        ),
        Task(
            "sentiment",
            "sentiment",
            Recipe(char_min=1, char_max=4, extra=("shape",)),
            c=0.3,
            min_df=2,
            balanced=1.0,
        ),
        Task("actionable", "actionable"),
        Task("toxicity", "toxicity"),
        # sensitive topics' politics (0/1): its threshold is an operating point (sensitive.py)
        Task("politics", "politics", ROUTING, min_df=2, balanced=1.0, target_precision=0.70),
    ]
}


def read_rows(
    path: str | Path, no_header: bool = False, columns: str | None = None, delimiter: str = ","
) -> list[dict]:
    """Rows of a CSV/TSV file (with a header unless `no_header`) or of a JSON-lines file."""
    csv.field_size_limit(sys.maxsize)
    if str(path).endswith(".jsonl"):
        with open(path, encoding="utf-8") as f:
            rows = [
                {k: "" if v is None else str(v) for k, v in json.loads(line).items()}
                for line in f
                if line.strip()
            ]
    else:
        with open(path, encoding="utf-8", newline="") as f:
            if no_header:
                names = (columns or "id,text,category,department,category_group").split(",")
                reader = csv.reader(f, delimiter=delimiter)
                rows = [dict(zip(names, r, strict=False)) for r in reader]
            else:
                rows = list(csv.DictReader(f, delimiter=delimiter))
    return [{ALIASES.get(k, k): v for k, v in r.items()} for r in rows]


def fingerprint(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class Featurizer:
    """Clean + lemmas once; featurise many documents for training and evaluation."""

    def __init__(self, lemmatizer: Lemmatizer | None = None, gazetteer_step=None) -> None:
        self.cleaner = Cleaner()
        self.lemmatizer = lemmatizer or Lemmatizer()
        self.gazetteer_step = gazetteer_step
        self.shape = Shape()
        self.markup = Markup()

    def doc(self, text: str, meta: dict | None = None) -> Doc:
        doc = self.shape(self.lemmatizer(self.cleaner(Doc(text or "", dict(meta or {})))))
        doc = self.markup(doc)
        if self.gazetteer_step is not None:
            self.gazetteer_step(doc)
        return doc

    def docs(self, rows: list[dict], text_col: str = "text") -> list[Doc]:
        return [self.doc(r.get(text_col, ""), r) for r in rows]


def metrics(y: np.ndarray, proba: np.ndarray, threshold: float) -> dict[str, float]:
    from sklearn.metrics import f1_score

    pred = proba.argmax(1)
    top3 = np.argsort(-proba, axis=1)[:, :3]
    conf = proba.max(1) >= threshold
    return {
        "n": int(len(y)),
        "accuracy": round(float((pred == y).mean()), 4),
        "macro_f1": round(float(f1_score(y, pred, average="macro", labels=np.unique(y))), 4),
        "top3": round(float((top3 == y[:, None]).any(1).mean()), 4),
        "threshold": round(float(threshold), 3),
        "coverage": round(float(conf.mean()), 4),
        "accuracy_when_confident": round(float((pred[conf] == y[conf]).mean()), 4)
        if conf.any()
        else 0.0,
    }


MIN_THRESHOLD = 0.5  # never "confident" about a label the model gives less than half its mass


def pick_threshold(
    y: np.ndarray, proba: np.ndarray, target: float, floor: float = MIN_THRESHOLD
) -> float:
    """The lowest cut whose cross-validated accuracy reaches `target`, never under `floor`:
    on a small, easy corpus the accuracy is high at any cut, and a near-uniform top-1 of 0.05
    must still not auto-route."""
    best = proba.max(1)
    right = proba.argmax(1) == y
    for t in np.linspace(0.05, 0.95, 91):
        if t < floor - 1e-9:
            continue
        mask = best >= t
        if mask.sum() >= max(5, 0.02 * len(y)) and right[mask].mean() >= target:
            return float(t)
    return 0.95


def fit(
    task: Task,
    docs: list[Doc],
    labels: list[str],
    extra: list[tuple[Doc, str]] = (),
    row_weights: np.ndarray | None = None,
) -> Head:
    feats = [d_feats(task, d) for d in docs] + [d_feats(task, d) for d, _ in extra]
    weights = class_weights(list(labels) + [label for _, label in extra], task.balanced)
    if extra and task.name_weight != 1.0:
        weights = np.ones(len(feats)) if weights is None else weights
        weights[len(docs) :] *= task.name_weight
    if row_weights is not None:  # e.g. recent decisions count more than old ones
        weights = np.ones(len(feats)) if weights is None else weights
        weights[: len(docs)] *= row_weights
    labels = list(labels) + [label for _, label in extra]
    return build_head(
        task.name,
        feats,
        labels,
        task.recipe,
        c=task.c,
        min_df=task.min_df,
        char_weight=task.char_weight,
        weights=weights,
        prune=task.prune,
        centroid=task.centroid,
    )


def class_weights(labels: list[str], power: float) -> np.ndarray | None:
    if power <= 0:
        return None
    classes, y, counts = np.unique(labels, return_inverse=True, return_counts=True)
    per_class = (len(labels) / (len(classes) * counts)) ** power
    return per_class[y]


def d_feats(task: Task, doc: Doc) -> Feats:
    from otklik.triage.features import hashed

    return hashed(doc, task.recipe)


def row_weights(rows: list[dict]) -> np.ndarray | None:
    """The rows' optional `weight` column (a positive number; anything else counts as 1)."""
    if not rows or "weight" not in rows[0]:
        return None
    out = np.ones(len(rows))
    for i, r in enumerate(rows):
        try:
            value = float(r.get("weight") or 1)
        except (TypeError, ValueError):
            continue
        if np.isfinite(value) and value > 0:
            out[i] = value
    return out


def cross_validate(
    task: Task,
    docs: list[Doc],
    labels: list[str],
    extra,
    folds: int,
    seed: int = 0,
    weights: np.ndarray | None = None,
):
    """Out-of-fold scores (columns in sorted-class order) for calibration and the model card."""

    classes = sorted(set(labels))
    y = np.array([classes.index(label) for label in labels])
    scores = np.full((len(docs), len(classes)), -10.0)
    for tr, te in fold_splits(y, folds, seed):
        w = weights[tr] if weights is not None else None
        head = fit(task, [docs[i] for i in tr], [labels[i] for i in tr], extra, w)
        s = head.scores_matrix([d_feats(task, docs[i]) for i in te])
        for j, c in enumerate(head.classes):
            scores[te, classes.index(c)] = s[:, j]
    return classes, y, scores


def fold_splits(y: np.ndarray, folds: int, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """(train, test) index pairs: stratified, shuffled; labels with < `folds` rows share one
    stratum. The one splitter of every cross-validated figure."""
    from sklearn.model_selection import StratifiedKFold

    counts = np.bincount(y)
    strat = np.where(counts[y] >= folds, y, -1)  # rare labels share one stratum
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(y)), strat))


def member_counts(rows: list[dict], members: str, label: str) -> dict[str, dict[str, float]]:
    """How often each member label (topic) went to each of ours (executor), in `rows`."""
    out: dict[str, dict[str, float]] = {}
    for r in rows:
        member, ours = (r.get(members) or "").strip(), (r.get(label) or "").strip()
        if member and ours:
            row = out.setdefault(member, {})
            row[ours] = row.get(ours, 0.0) + 1.0
    return out


def refine_out_of_fold(
    task: Task,
    head: Head,
    rows: list[dict],
    y: np.ndarray,
    proba: np.ndarray,
    child: tuple[Head, np.ndarray],
    folds: int,
) -> np.ndarray:
    """The refined out-of-fold probabilities: with member counts, each fold's rows are
    refined by counts from the other folds only, so a row never votes for its own label."""
    if not task.member_counts:
        return head.combine(proba, child[0], child[1])
    out = np.empty_like(proba)
    for tr, te in fold_splits(y, folds, 0):
        counts = member_counts([rows[i] for i in tr], task.members, task.label)
        fold_head = replace(head, members=dict(counts), _members_m=None)
        out[te] = fold_head.combine(proba[te], child[0], child[1][te])
    return out


def place_step(task: Task, labels: list[str], featurizer: Featurizer) -> PlaceKeys | None:
    """Place keys from the labels' names, for a head whose recipe asks for `place` tokens."""
    if "place" not in task.recipe.extra:
        return None
    return PlaceKeys.from_labels(
        labels, lambda s: [t.lemma for t in featurizer.lemmatizer.tokenize(s)]
    )


def train(
    task: Task,
    rows: list[dict],
    out: Path,
    *,
    featurizer: Featurizer,
    text_col: str = "text",
    data_fingerprint: str = "",
    descriptions: dict[str, str] | None = None,
    folds: int = 5,
    oof: dict[str, tuple[Head, np.ndarray]] | None = None,
) -> dict:
    """Fit one head, with its own cross-validated figures; `oof` carries each trained head and
    its out-of-fold probabilities to later tasks (a group head combines its topics')."""
    rows = [r for r in rows if (r.get(task.label) or "").strip() != ""]
    labels = [r[task.label].strip() for r in rows]
    docs = featurizer.docs(rows, text_col)
    places = place_step(task, labels, featurizer)
    extra: list[tuple[Doc, str]] = []
    if task.label_names:
        for label in sorted(set(labels)):
            text = " ".join(
                x
                for x in (label if not label.isdigit() else "", (descriptions or {}).get(label, ""))
                if x
            )
            if text:
                extra.append((featurizer.doc(text), label))
    if places is not None:
        places.save(out)
        for doc in docs + [d for d, _ in extra]:
            places(doc)
    folds = max(2, min(folds, len(rows) // 4))
    weights = row_weights(rows)
    classes, y, scores = cross_validate(task, docs, labels, extra, folds, weights=weights)
    head = fit(task, docs, labels, extra, weights)
    head.temperature = fit_temperature(scores, y)
    proba = head.proba_from_scores(scores)
    alone = None
    child = (oof or {}).get(task.members)
    if task.members and task.member_weight > 0 and child is not None:
        head.member_head, head.member_weight = child[0].name, task.member_weight
        if task.member_counts:
            head.members = dict(member_counts(rows, task.members, task.label))
            head.member_smoothing = task.member_smoothing
        else:
            head.members = {r[task.members].strip(): r[task.label].strip() for r in rows}
        if len(child[1]) == len(proba):
            alone = metrics(y, proba, pick_threshold(y, proba, task.target_precision))
            proba = refine_out_of_fold(task, head, rows, y, proba, child, folds)
    head.threshold = pick_threshold(y, proba, task.target_precision)
    if task.name == "politics":  # recall at a precision, lexicon included, on out-of-fold scores
        from otklik.triage.sensitive import politics_threshold

        head.threshold = politics_threshold(docs, scores, y, weights, task.target_precision)
    cv = metrics(y, proba, head.threshold)
    if oof is not None:
        oof[task.name] = (head, proba)
    head.save(out)
    featurizer.lemmatizer.save_vocabulary(docs + [d for d, _ in extra], out)
    card_path = out / "card.json"
    card = json.loads(card_path.read_text()) if card_path.exists() else {"heads": {}}
    now = datetime.now(UTC)
    card["version"] = f"{now:%Y%m%d-%H%M%S}-{data_fingerprint[:8]}"
    card["heads"][task.name] = {
        "label_column": task.label,
        "data_sha256": data_fingerprint,
        "trained_at": now.isoformat(timespec="seconds"),
        "n_examples": len(rows),
        "classes": classes,
        "recipe": task.recipe.as_dict(),
        "c": task.c,
        "temperature": head.temperature,
        "threshold": head.threshold,
        "cross_validation": {"folds": folds, "seed": 0, **cv},
    }
    if alone is not None:
        card["heads"][task.name]["cross_validation_alone"] = {"folds": folds, "seed": 0, **alone}
    card_path.write_text(json.dumps(card, ensure_ascii=False, indent=1))
    log.info("trained %s: %s", task.name, cv)
    return card["heads"][task.name]


def evaluate(
    model_dir: Path, rows: list[dict], featurizer: Featurizer, text_col: str = "text"
) -> dict:
    from otklik.triage.pipeline import HEAD_ORDER, load_heads

    heads = load_heads(model_dir)
    docs = featurizer.docs(rows, text_col)
    places = PlaceKeys.load(model_dir)
    for doc in docs if places is not None else ():
        places(doc)
    report: dict[str, dict] = {}
    probas: dict[str, np.ndarray] = {}
    for name in HEAD_ORDER:
        head = heads.get(name)
        label = TASKS[name].label if name in TASKS else name
        if rows and label not in rows[0] and "label" in rows[0] and len(heads) == 1:
            label = "label"  # a generic label column serves a one-head model
        if head is None or not rows or label not in rows[0]:
            continue
        keep = [i for i, r in enumerate(rows) if (r.get(label) or "").strip()]
        index = {c: i for i, c in enumerate(head.classes)}
        y = np.array([index.get(rows[i][label].strip(), -1) for i in keep])
        proba = head.proba_from_scores(head.scores_matrix([head.features(docs[i]) for i in keep]))
        probas[name] = proba
        report[name] = metrics(y, proba, head.threshold)
        for i, p in zip(keep, proba, strict=True):  # later heads may use this prediction
            docs[i].results[name] = head.top(p)
    for name, head in heads.items():  # a group head refined by its topics, as in the pipeline
        child = heads.get(head.member_head)
        if child is not None and name in probas and head.member_head in probas:
            if len(probas[name]) == len(probas[head.member_head]):
                label = TASKS[name].label if name in TASKS else name
                index = {c: i for i, c in enumerate(head.classes)}
                keep = [i for i, r in enumerate(rows) if (r.get(label) or "").strip()]
                y = np.array([index.get(rows[i][label].strip(), -1) for i in keep])
                proba = head.combine(probas[name], child, probas[head.member_head])
                report[name] = metrics(y, proba, head.threshold)
    return report
