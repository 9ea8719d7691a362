"""The pipeline: injected steps over one Doc; models load once; single and batch API."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from otklik.triage.actionable import Actionable
from otklik.triage.clean import Cleaner
from otklik.triage.dedupe import Deduper
from otklik.triage.document import Doc
from otklik.triage.gc_pause import collector_paused
from otklik.triage.heads import Head
from otklik.triage.lemmas import Lemmatizer
from otklik.triage.markup import Markup
from otklik.triage.places import PlaceKeys
from otklik.triage.scorer import FusedHeads
from otklik.triage.sensitive import PoliticsStep
from otklik.triage.sentiment import SentimentStep
from otklik.triage.shape import Shape
from otklik.triage.territory import Gazetteer, TerritoryMatcher
from otklik.triage.toxicity import ToxicityStep
from otklik.triage.urgency import UrgencyStep

Step = Callable[[Doc], Doc]
BATCH = 64  # messages per step-major batch (the worker triages in batches)
HEAD_ORDER = (
    "category_group", "category", "department", "actionable", "sentiment", "toxicity", "politics"
)  # fmt: skip


@dataclass
class HeadStep:
    """Runs one learnt head; writes its top-k [(label, probability)] to doc.results[key]."""

    head: Head
    key: str
    k: int = 3

    @property
    def name(self) -> str:
        return self.key

    def __call__(self, doc: Doc) -> Doc:
        doc.results[self.key] = self.head.predict(doc, self.k)
        return doc


@dataclass
class TriageResult:
    text: str
    clean: str
    actionable: float
    actionable_reason: str
    category: list[tuple[str, float]] = field(default_factory=list)
    category_group: list[tuple[str, float]] = field(default_factory=list)
    department: list[tuple[str, float]] = field(default_factory=list)
    confident: dict[str, bool] = field(default_factory=dict)  # auto-route allowed per head
    territory: list[str] = field(default_factory=list)
    address: list[dict[str, Any]] = field(default_factory=list)
    priority: str = "normal"
    urgency_reasons: list[str] = field(default_factory=list)
    sentiment: str = "neutral"
    toxic: bool = False
    toxicity_score: float = 0.0
    toxicity_kinds: list[str] = field(default_factory=list)
    sensitive: list[str] = field(default_factory=list)
    same_as: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Pipeline:
    def __init__(self, steps: list[Step], heads: dict[str, Head] | None = None) -> None:
        self.steps = steps
        self.heads = heads or {}

    @classmethod
    def load(
        cls,
        model_dir: str | Path | None = None,
        gazetteer: Gazetteer | dict | None = None,
        *,
        dedupe: bool = True,
        lemmatizer: Lemmatizer | None = None,
    ) -> Pipeline:
        """Build the standard pipeline; heads come from model_dir (a trainer output) if given."""
        lemmatizer = lemmatizer or Lemmatizer()
        if isinstance(gazetteer, dict):
            gazetteer = Gazetteer.from_city_dict(gazetteer, lemmatizer.tokenize)
        heads = load_heads(Path(model_dir)) if model_dir else {}
        if model_dir:
            lemmatizer.load_vocabulary(Path(model_dir))
        steps: list[Step] = [
            Cleaner(),
            lemmatizer,
            Shape(),
            Markup(),
            TerritoryMatcher(gazetteer or Gazetteer()),
        ]
        places = PlaceKeys.load(Path(model_dir)) if model_dir else None
        if places is not None:
            steps.append(places)
        steps += head_steps(heads)
        steps += [Actionable(), UrgencyStep(), SentimentStep(), ToxicityStep()]
        if "politics" in heads:  # the learnt politics head decides with the lexicon's vote
            steps.append(PoliticsStep(heads["politics"].temperature, heads["politics"].threshold))
        if dedupe:
            steps.append(Deduper())
        return cls(steps, heads)

    @property
    def deduper(self) -> Deduper | None:
        """The stateful same-problem step, if the pipeline has one."""
        return next((s for s in self.steps if isinstance(s, Deduper)), None)

    def forget(self) -> None:
        """Start a fresh same-problem index: no message seen yet."""
        self.steps = [Deduper() if isinstance(s, Deduper) else s for s in self.steps]

    def run(self, text: str, meta: dict[str, Any] | None = None) -> Doc:
        doc = Doc(text or "", dict(meta or {}))
        for step in self.steps:
            doc = step(doc)
        return doc

    def process(self, text: str, meta: dict[str, Any] | None = None) -> TriageResult:
        return self.result(self.run(text, meta))

    def run_batch(self, items: Iterable[tuple[str, dict[str, Any] | None]]) -> list[Doc]:
        """Step by step over the whole batch: each step's tables stay in the CPU cache for the
        batch instead of being pushed out by the other steps after every message. The results
        equal `run` message by message (the one stateful step, dedupe, sees them in order)."""
        docs = [Doc(text or "", dict(meta or {})) for text, meta in items]
        for step in self.steps:
            many = getattr(step, "batch", None)  # a step may do a whole batch at once
            docs = many(docs) if many is not None else [step(doc) for doc in docs]
        return docs

    def process_batch(
        self, items: Iterable[tuple[str, dict[str, Any] | None]], size: int = BATCH
    ) -> list[TriageResult]:
        items = list(items)
        out: list[TriageResult] = []
        for start in range(0, len(items), size):
            with collector_paused():  # the collector runs between batches, not inside one
                out.extend(map(self.result, self.run_batch(items[start : start + size])))
        return out

    def result(self, doc: Doc) -> TriageResult:
        r = doc.results
        sentiment = r.get("sentiment", "neutral")
        if isinstance(sentiment, list):
            sentiment = sentiment[0][0]
        confident = {
            name: bool(r.get(name)) and r[name][0][1] >= self.heads[name].threshold
            for name in ("category", "category_group", "department")
            if name in self.heads
        }
        tox, urg = r["toxicity"], r["urgency"]
        return TriageResult(
            text=doc.text,
            clean=doc.clean,
            actionable=r["actionable"]["probability"],
            actionable_reason=r["actionable"]["reason"],
            category=r.get("category", []),
            category_group=r.get("category_group", []),
            department=r.get("department", []),
            confident=confident,
            territory=r.get("territory", []),
            address=[
                {**s.value, "text": s.text, "start": s.start, "stop": s.stop}
                for s in r.get("address", [])
            ],
            priority=urg.priority,
            urgency_reasons=urg.reasons,
            sentiment=sentiment,
            toxic=tox.toxic,
            toxicity_score=tox.score,
            toxicity_kinds=tox.kinds,
            sensitive=r.get("sensitive", []),
            same_as=r.get("same_as"),
        )


def head_steps(heads: dict[str, Head]) -> list[Step]:
    """Heads in HEAD_ORDER; those sharing the first head's features run fused (one gather)."""
    named = [
        (heads[n], f"{n}_head" if n in {"actionable", "toxicity"} else n)
        for n in HEAD_ORDER
        if n in heads
    ]
    if not named:
        return []
    fused = [(h, k) for h, k in named if FusedHeads.compatible(h, named[0][0])]
    rest: list[Step] = [
        HeadStep(h, k) for h, k in named if not FusedHeads.compatible(h, named[0][0])
    ]
    return [FusedHeads(fused), *rest]


def load_heads(model_dir: Path) -> dict[str, Head]:
    card = json.loads((model_dir / "card.json").read_text())
    return {name: Head.load(model_dir, name) for name in card.get("heads", {})}
