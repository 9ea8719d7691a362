"""The fast territory matcher finds exactly what the plain scan found, on real and made-up texts.

`Reference` is the matcher as it was before the speed work: every fuzzy comparison made anew,
every multi-word landmark scanned over every word. The fast one must agree with it text by text.
"""

from __future__ import annotations

import json
import random
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from otklik.triage.clean import Cleaner
from otklik.triage.document import Doc, Span
from otklik.triage.territory import _TYPE_WORDS, Entry, Gazetteer, TerritoryMatcher

ROOT = Path(__file__).resolve().parents[3]
SEVERSK = ROOT / "otklik" / "cities" / "data" / "seversk.json"
DEMO = ROOT / "otklik" / "demo" / "data" / "messages.jsonl"
TEMPLATES = [
    "Яма возле {} уже месяц, когда отремонтируют?",
    "На {} 12 не горит фонарь",
    "дом 5 по {} — мусор не вывозят",
    "у {} сломана лавочка. {} тоже",
    "В {} нет воды",
]


class Reference(TerritoryMatcher):
    """The plain algorithm: every word looked up, no per-word fuzzy memory, no landmark index."""

    def _starts(self, words: list[str]) -> list[int]:
        return [i for i, w in enumerate(words) if w not in _TYPE_WORDS]

    def _fuzzy_entries(self, w: str) -> list[Entry]:
        return [
            e
            for e in self.by_prefix.get(w[:3], ())
            if SequenceMatcher(None, w, e.key[0]).ratio() >= self.fuzzy
        ]

    def _landmarks(self, doc: Doc, words: list[str]) -> list[Span]:
        spans: list[Span] = []
        seen: set[str] = set()
        for e in self.landmarks:
            if e.name in seen:
                continue
            need = set(e.key)
            width = len(e.key) + 1
            for i, w in enumerate(words):
                if w in need and need <= set(words[i : i + width]):
                    j = min(i + width, len(words)) - 1
                    while j > i and words[j] not in need:
                        j -= 1
                    start, stop = doc.tokens[i].start, doc.tokens[j].stop
                    value = {"kind": "landmark", "name": e.name, "territory": e.territory}
                    spans.append(Span(start, stop, doc.clean[start:stop], "landmark", value))
                    seen.add(e.name)
                    break
        return spans


def _typo(name: str, rng: random.Random) -> str:
    i = rng.randrange(1, max(2, len(name) - 1))
    return name[:i] + name[i + 1 :]


def _made_up(city: dict, rng: random.Random) -> list[str]:
    names = [
        form
        for key in ("territories", "streets", "landmarks")
        for item in city.get(key) or []
        for form in [item["name"], *(item.get("aliases") or [])]
    ]
    texts = []
    for name in names:
        for template in rng.sample(TEMPLATES, 2):
            other = rng.choice(names)
            texts.append(template.format(name, other))
            texts.append(template.format(_typo(name, rng), _typo(other, rng)))
    return texts


def _texts(shared: Path | None) -> list[str]:
    city = json.loads(SEVERSK.read_text(encoding="utf-8"))
    texts = [json.loads(line)["text"] for line in DEMO.read_text(encoding="utf-8").splitlines()]
    texts += _made_up(city, random.Random(0))
    kursk = shared / "kursk-appeals" / "train.csv" if shared else None
    if kursk and kursk.exists():
        import csv

        with kursk.open(encoding="utf-8") as f:
            texts += [row[1] for row in csv.reader(f)][:400]
    return texts


@pytest.fixture(scope="module")
def matchers(lemmatizer) -> tuple[TerritoryMatcher, TerritoryMatcher]:
    city = json.loads(SEVERSK.read_text(encoding="utf-8"))
    gaz = Gazetteer.from_city_dict(city, lemmatizer.tokenize)
    return TerritoryMatcher(gaz), Reference(gaz)


def _found(matcher: TerritoryMatcher, lemmatizer, text: str) -> tuple[list, list]:
    doc = TerritoryMatcher.__call__(matcher, lemmatizer(Cleaner()(Doc(text))))
    return doc.results["territory"], [(s.start, s.stop, s.value) for s in doc.results["address"]]


def test_fast_matcher_finds_what_the_plain_scan_finds(matchers, lemmatizer) -> None:
    shared = ROOT.parent / "shared" / "data"
    texts = _texts(shared if shared.is_dir() else None)
    fast, slow = matchers
    found = 0
    for text in texts * 2:  # the second pass answers from the fuzzy memory
        got, want = _found(fast, lemmatizer, text), _found(slow, lemmatizer, text)
        assert got == want, text
        found += bool(want[1])
    assert len(texts) >= 700
    assert found >= len(texts)  # the texts do name places: the comparison is not vacuous
