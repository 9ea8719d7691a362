"""New topics: cluster recent messages that fit no category, and test each cluster's growth.

Texts become TF-IDF vectors of character 3–5-grams inside words (Russian endings change, the
stems stay), compared by cosine similarity. Single pass in time order: a text joins the cluster
whose members it resembles most on average, if that average reaches `threshold`, else starts
its own. A cluster is a candidate spike when its last `window_hours` hold at least `min_count`
texts and more than its own earlier rate (with a floor for a topic never seen) predicts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from otklik.analytics.spikes.detect import Finding
from otklik.analytics.spikes.tail import nb_tail

WORD = re.compile(r"[а-яa-z]{4,}")
STOP = frozenset(
    "этот этого этой очень когда почему сегодня уже всех было будет есть просто только можно "
    "нужно вообще тоже даже снова опять свой своих который которые здравствуйте добрый день "
    "пожалуйста спасибо администрация города улице улица дома доме".split()
)


@dataclass(frozen=True)
class TextItem:
    id: int
    text: str
    hours_ago: float  # age at the evaluation, in hours


@dataclass(frozen=True)
class Cluster:
    ids: tuple[int, ...]
    ages: tuple[float, ...]
    label: str

    def recent_ids(self, window_hours: float) -> list[int]:
        return [i for i, age in zip(self.ids, self.ages, strict=True) if age < window_hours]


@dataclass(frozen=True)
class ClusterParams:
    threshold: float = 0.15  # average cosine similarity to join a cluster
    window_hours: int = 6
    history_hours: int = 7 * 24
    floor_rate: float = 0.02  # texts an hour assumed for a topic with no earlier texts
    alpha: float = 0.5  # NB2 overdispersion assumed for a topic's count
    min_count: int = 5
    min_ratio: float = 2.0
    max_texts: int = 2000


def prepare(text: str) -> str:
    return text.lower().replace("ё", "е")


def cluster_texts(
    items: Sequence[TextItem],
    params: ClusterParams | None = None,
    clean: Callable[[str], str] = prepare,
) -> list[Cluster]:
    params = params or ClusterParams()
    items = sorted(items, key=lambda t: -t.hours_ago)[-params.max_texts :]  # oldest first
    if not items:
        return []
    labels = _single_pass(_similarities([clean(t.text) for t in items]), params.threshold)
    groups: dict[int, list[TextItem]] = {}
    for item, label in zip(items, labels, strict=True):
        groups.setdefault(label, []).append(item)
    return [_cluster(members, clean) for members in groups.values()]


def _similarities(texts: list[str]) -> np.ndarray:
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    try:
        x = vectoriser.fit_transform(texts)
    except ValueError:  # no n-gram at all (empty texts)
        return np.eye(len(texts))
    return (x @ x.T).toarray()


def _single_pass(sim: np.ndarray, threshold: float) -> np.ndarray:
    labels = np.zeros(len(sim), dtype=np.int64)
    sizes: list[int] = []
    for i in range(len(sim)):
        if sizes:
            mean = np.bincount(labels[:i], weights=sim[i, :i], minlength=len(sizes)) / sizes
            best = int(mean.argmax())
            if mean[best] >= threshold:
                labels[i] = best
                sizes[best] += 1
                continue
        labels[i] = len(sizes)
        sizes.append(1)
    return labels


def _cluster(members: list[TextItem], clean: Callable[[str], str]) -> Cluster:
    words: Counter[str] = Counter()
    for item in members:
        words.update({w for w in WORD.findall(clean(item.text)) if w not in STOP})
    label = ", ".join(word for word, _ in words.most_common(3)) or "без темы"
    return Cluster(tuple(m.id for m in members), tuple(m.hours_ago for m in members), label)


def growing_clusters(
    clusters: Sequence[Cluster], params: ClusterParams | None = None
) -> list[tuple[Cluster, Finding]]:
    """A finding per cluster with texts in the window (p = 1 when it cannot be a spike)."""
    params = params or ClusterParams()
    return [(c, _finding(c, params)) for c in clusters if c.recent_ids(params.window_hours)]


def _finding(cluster: Cluster, params: ClusterParams) -> Finding:
    ages = np.asarray(cluster.ages)
    window = params.window_hours
    observed = int((ages < window).sum())
    before = int(((ages >= window) & (ages < window + params.history_hours)).sum())
    expected = max(before / params.history_hours, params.floor_rate) * window
    p = 1.0
    if observed >= params.min_count and observed >= params.min_ratio * expected:
        p = nb_tail(observed, expected, expected + params.alpha * expected**2)
    return Finding(("cluster", cluster.ids[0]), window, observed, expected, p)
