"""Same problem: near-identical texts (shingle Jaccard) or same place + category in a time window.

Precision first: a short text is only grouped with another at the same address and category.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain

from otklik.triage.document import Doc


def shingles(lemmas: list[str], n: int = 2) -> set[int]:
    """Hashes of word n-grams; Python's hash, so stable within one process (the index's life)."""
    words = [w for w in lemmas if len(w) > 2 or w.isdigit()]
    if len(words) < n:
        return {hash(tuple(words))} if words else set()
    if n == 2:
        return set(map(hash, zip(words, words[1:], strict=False)))
    return {hash(tuple(words[i : i + n])) for i in range(len(words) - n + 1)}


def _time(meta: dict) -> float | None:
    value = meta.get("created_at")
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value).timestamp()
        except ValueError:
            return None
    return None


@dataclass
class Seen:
    id: object
    time: float | None
    shingles: set[int]
    place: tuple[str, ...]
    category: str | None
    slot: int = 0  # the order it was seen in: of equally good candidates the earliest wins


@dataclass
class Deduper:
    """A stateful step: doc.results['same_as'] = {'id', 'similarity', 'reason'} or None."""

    window_hours: float = 72.0
    near_identical: float = 0.6
    same_place: float = 0.3
    max_items: int = 20_000
    max_postings: int = 50
    max_candidates: int = 8  # the 8 most-shared: 0 changes against 20 on Kursk and the demo
    name: str = "dedupe"
    recent: deque[Seen] = field(default_factory=deque)
    # shingle → the slots that have it: one slot as a bare int (most shingles occur once; an
    # int is not tracked by the cycle collector nor 200 bytes as a set), a set from the second
    index: dict[int, int | set[int]] = field(default_factory=dict)
    slots: dict[int, Seen] = field(default_factory=dict)
    _seq: int = 0

    def _key(self, doc: Doc) -> tuple[tuple[str, ...], str | None]:
        key = doc.cache.get("_dedupe_key")
        if key is not None:
            return key
        place = tuple(
            f"{s.value.get('name')} {s.value.get('house', '')}".strip()
            for s in doc.results.get("address", [])
        )
        category = doc.results.get("category")
        key = doc.cache["_dedupe_key"] = (
            place,
            category[0][0] if category else doc.meta.get("category"),
        )
        return key

    def _shingles(self, doc: Doc) -> set[int]:
        sh = doc.cache.get("_shingles")
        if sh is None:
            sh = doc.cache["_shingles"] = shingles(doc.lemmas)
        return sh

    def _candidates(self, sh: set[int]) -> list[int]:
        """The slots sharing the most shingles with sh (`max_candidates`), the earliest first
        among equals."""
        single: list[int] = []
        shared: list[set[int]] = []
        limit = self.max_postings
        for p in map(self.index.get, sh):
            if p.__class__ is int:
                single.append(p)
            elif p and len(p) <= limit:  # a very common pair: no evidence
                shared.append(p)
        # sorted first, so that of equally shared candidates the earliest comes first whatever
        # the process's hash seed (run to run the same)
        candidates = Counter(sorted(chain(single, chain.from_iterable(shared))))
        return [slot for slot, _ in candidates.most_common(self.max_candidates)]

    def find(self, doc: Doc) -> dict | None:
        sh = self._shingles(doc)
        place, category = self._key(doc)
        now = _time(doc.meta)
        best: tuple[float, Seen] | None = None
        for slot in self._candidates(sh):
            seen = self.slots.get(slot)
            if seen is None:
                continue
            if now is not None and seen.time is not None:
                if abs(now - seen.time) > self.window_hours * 3600:
                    continue
            inter = len(sh & seen.shingles)
            union = len(sh) + len(seen.shingles) - inter
            sim = inter / union if union else 0.0
            if best is None or sim > best[0]:
                best = (sim, seen)
        if best is None:
            return None
        sim, seen = best
        short = len(sh) < 3
        same_place = bool(place) and bool(set(place) & set(seen.place))
        same_cat = category == seen.category  # both unknown counts: no category head
        if sim >= self.near_identical and (not short or (same_place and same_cat)):
            return {"id": seen.id, "similarity": round(sim, 3), "reason": "почти одинаковый текст"}
        if sim >= self.same_place and same_place and same_cat:
            return {"id": seen.id, "similarity": round(sim, 3), "reason": "то же место и категория"}
        return None

    def add(self, doc: Doc) -> None:
        place, category = self._key(doc)
        self._seq += 1
        seen = Seen(
            doc.meta.get("id", self._seq),
            _time(doc.meta),
            self._shingles(doc),
            place,
            category,
            self._seq,
        )
        self.recent.append(seen)
        self.slots[seen.slot] = seen
        index, slot, limit = self.index, seen.slot, self.max_postings
        get = index.get
        for h in seen.shingles:
            postings = get(h)
            if postings is None:
                index[h] = slot
            elif postings.__class__ is int:
                index[h] = {postings, slot}
            elif len(postings) <= limit:
                postings.add(slot)
        while len(self.recent) > self.max_items:
            old = self.recent.popleft()
            del self.slots[old.slot]
            for h in old.shingles:
                postings = index.get(h)
                if postings.__class__ is int:
                    if postings == old.slot:
                        del index[h]
                elif postings is not None:
                    postings.discard(old.slot)

    def __call__(self, doc: Doc) -> Doc:
        doc.results["same_as"] = self.find(doc)
        self.add(doc)
        return doc
