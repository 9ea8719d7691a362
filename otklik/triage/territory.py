"""Territory and address: a gazetteer matcher over lemmas, with fuzzy matching and house numbers.

The gazetteer is a plain dict (the city JSON): ``territories``, ``streets`` and ``landmarks``,
each a list of ``{"name": …, "aliases": […], "territory": …}``. Street names may carry their type
(«улица Советская», «Коммунистический пр-т»); the type is recognised and also accepted in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from otklik.triage.document import Doc, Span, Token

STREET_TYPES: dict[str, str] = {
    "улица": "улица", "ул": "улица",
    "проспект": "проспект", "пр-т": "проспект", "пр-кт": "проспект", "просп": "проспект",
    "пр": "проспект",
    "переулок": "переулок", "пер": "переулок",
    "бульвар": "бульвар", "б-р": "бульвар", "бул": "бульвар",
    "площадь": "площадь", "пл": "площадь",
    "шоссе": "шоссе", "ш": "шоссе",
    "проезд": "проезд", "пр-д": "проезд",
    "набережная": "набережная", "наб": "набережная",
    "тупик": "тупик", "аллея": "аллея", "тракт": "тракт",
}  # fmt: skip
AREA_TYPES = {"микрорайон", "мкр", "мкрн", "поселок", "пос", "п", "село", "деревня", "д", "район"}
HOUSE_WORDS = {"д", "дом", "дома", "доме", "домом", "№"}
# a one-word landmark written as a common noun («администрация», «мэрия», «рынок») is a place
# only after a word that says "near": «вопрос к администрации» names no place
NEAR = {"у", "возле", "около", "напротив", "рядом", "перед", "за", "вдоль", "мимо", "позади"}
_NUMBER = re.compile(r"^(\d{1,4})(?:-?[а-я]{1,2})?$")
# a house: 12, 12а, 12 а, 12/1, 12 к2, 12 корп. 2, 12 стр 1; «45 кв 3» is house 45, flat 3
_HOUSE = re.compile(
    r"\d{1,4}(?:\s?[а-дк](?![а-яё\d]))?(?:\s?/\s?\d{1,3}|\s?(?:к|корп|стр)\.?\s?\d{1,2})?", re.I
)
_TYPE_WORDS = set(STREET_TYPES) | AREA_TYPES

Lemmatize = Callable[[str], list[Token]]
FUZZY_CACHE = 100_000  # distinct words whose fuzzy matches a matcher remembers


@dataclass(frozen=True)
class Entry:
    kind: str  # street | territory | landmark
    name: str
    territory: str | None
    key: tuple[str, ...]
    street_type: str | None = None


@dataclass
class Gazetteer:
    entries: list[Entry] = field(default_factory=list)

    @classmethod
    def from_city_dict(cls, d: dict, tokenize: Lemmatize | None = None) -> Gazetteer:
        """Build from the city configuration dict (keys territories / streets / landmarks)."""
        if tokenize is None:
            from otklik.triage.lemmas import Lemmatizer

            tokenize = Lemmatizer().tokenize
        gaz = cls()
        cities = [t for t in d.get("territories") or [] if isinstance(t, dict)]
        cities = [t for t in cities if t.get("kind") == "city"]
        # a street with no territory of its own still lies in the city (when there is one)
        city = (cities[0].get("code") or cities[0]["name"]) if len(cities) == 1 else None
        for kind, key in (
            ("territory", "territories"),
            ("street", "streets"),
            ("landmark", "landmarks"),
        ):
            for item in d.get(key) or []:
                item = {"name": item} if isinstance(item, str) else item
                name = item["name"]
                own = item.get("territory") or (
                    (item.get("code") or name) if kind == "territory" else None
                )
                if kind == "street" and own is None:
                    own = city
                for form in [name, *(item.get("aliases") or [])]:
                    words = [_norm(t.lemma) for t in tokenize(form)]
                    types = [STREET_TYPES[w] for w in words if w in STREET_TYPES]
                    words = [w for w in words if w not in _TYPE_WORDS and w not in HOUSE_WORDS]
                    if words:
                        gaz.entries.append(
                            Entry(
                                kind,
                                name,
                                own,
                                tuple(words),
                                item.get("type") or (types[0] if types else None),
                            )
                        )
        return gaz


def _norm(lemma: str) -> str:
    if not lemma[:1].isdigit():
        return lemma  # _NUMBER starts with a digit: most words skip the regex
    m = _NUMBER.match(lemma)
    return m.group(1) if m else lemma


@dataclass
class TerritoryMatcher:
    """The territory step: doc.results['address'] (list of spans) and ['territory'] (list of names)."""  # noqa: E501

    gazetteer: Gazetteer
    fuzzy: float = 0.8
    name: str = "territory"

    def __post_init__(self) -> None:
        self.exact: dict[tuple[str, ...], list[Entry]] = {}
        self.by_prefix: dict[str, list[Entry]] = {}
        self.landmarks: list[Entry] = []
        for e in self.gazetteer.entries:
            if e.kind == "landmark" and len(e.key) > 1:
                self.landmarks.append(e)
                continue
            self.exact.setdefault(e.key, []).append(e)
            if len(e.key) == 1 and len(e.key[0]) >= 5:
                self.by_prefix.setdefault(e.key[0][:3], []).append(e)
        self.max_len = max((len(k) for k in self.exact), default=0)
        self.first = {k[0] for k in self.exact if k}
        # a multi-word landmark is looked for only when all its words occur: by its rarest word
        self._landmark_order = {id(e): n for n, e in enumerate(self.landmarks)}
        self._landmarks_by_word: dict[str, list[Entry]] = {}
        for e in self.landmarks:
            self._landmarks_by_word.setdefault(min(e.key), []).append(e)
        self._fuzzy: dict[str, list[Entry]] = {}  # word → its fuzzy entries, per matcher

    def _lookup(self, words: list[str], i: int) -> tuple[int, list[Entry]]:
        w = words[i]
        if w not in self.first and (len(w) < 5 or w[:3] not in self.by_prefix):
            return 0, []  # the common case: no entry starts here
        for n in range(min(self.max_len, len(words) - i), 0, -1):
            hit = self.exact.get(tuple(words[i : i + n]))
            if hit:
                return n, hit
        w = words[i]
        if len(w) >= 5 and self.fuzzy < 1:
            found = self._fuzzy.get(w)
            if found is None:
                found = self._fuzzy_entries(w)
            if found:
                return 1, found
        return 0, []

    def _starts(self, words: list[str]) -> list[int]:
        """Where an entry may start: the word begins an exact key or may fuzzily match a
        one-word one (and is no street type). One pass instead of a lookup per word; every
        other position is skipped by `match` exactly as before."""
        first, by_prefix = self.first, self.by_prefix
        return [
            i
            for i, w in enumerate(words)
            if (w in first or (len(w) >= 5 and w[:3] in by_prefix)) and w not in _TYPE_WORDS
        ]

    def _fuzzy_entries(self, w: str) -> list[Entry]:
        """The one-word entries within `fuzzy` of w, remembered per word (the lemma of a word
        never changes, nor does its answer). The quick ratios bound the exact one from above, so
        they only skip comparisons that would fail."""
        found = []
        for e in self.by_prefix.get(w[:3], ()):
            sm = SequenceMatcher(None, w, e.key[0])
            if sm.real_quick_ratio() >= self.fuzzy and sm.quick_ratio() >= self.fuzzy:
                if sm.ratio() >= self.fuzzy:
                    found.append(e)
        if len(self._fuzzy) >= FUZZY_CACHE:
            self._fuzzy.clear()
        self._fuzzy[w] = found
        return found

    def match(self, doc: Doc) -> list[Span]:
        if not self.exact and not self.landmarks:
            return []  # no gazetteer configured
        toks = doc.tokens
        # _norm only for what starts with a digit: no call for the ordinary word
        words = [_norm(w) if w[:1].isdigit() else w for w in (t.lemma for t in toks)]
        spans: list[Span] = []
        i = 0
        for at in self._starts(words):
            if at < i:  # inside the entry just matched
                continue
            i = at
            n, found = self._lookup(words, i)
            if not n:
                continue
            entry = self._choose(found)
            before = words[i - 1] if i else ""
            after = words[i + n] if i + n < len(words) else ""
            typed = before in STREET_TYPES or after in STREET_TYPES or before in AREA_TYPES
            house, stop = self._house(doc, toks, i + n)
            ahead = self._house_before(doc, words, i) if not house else None
            capital = doc.clean[toks[i].start : toks[i].start + 1].isupper()
            sentence_start = i == 0 or doc.clean[: toks[i].start].rstrip()[-1:] in ".!?"
            if entry.kind == "street" and not (
                typed or house or ahead or (capital and not sentence_start)
            ):
                continue
            if entry.kind == "territory" and not (typed or capital or before in {"в", "во", "на"}):
                continue
            if entry.kind == "landmark" and not self._near(
                words, i, capital and not sentence_start
            ):
                continue
            start = toks[i - 1].start if i and before in _TYPE_WORDS else toks[i].start
            end = stop if house else toks[i + n - 1].stop
            if ahead:
                house, start = ahead
            value = {"kind": entry.kind, "name": entry.name, "territory": entry.territory}
            if house:
                value["house"] = house
            spans.append(Span(start, end, doc.clean[start:end], entry.kind, value))
            i += n
        spans.extend(self._landmarks(doc, words))
        return sorted(spans, key=lambda s: s.start)

    @staticmethod
    def _near(words: list[str], i: int, proper: bool) -> bool:
        """A one-word landmark counts when capitalised mid-sentence or after "near"."""
        before = words[i - 1] if i else ""
        return (
            proper
            or before in NEAR
            or (before in {"с", "со"} and words[i - 2 : i - 1] == ["рядом"])
        )

    @staticmethod
    def _choose(found: list[Entry]) -> Entry:
        order = {"street": 0, "territory": 1, "landmark": 2}
        return sorted(found, key=lambda e: order[e.kind])[0]

    @staticmethod
    def _house_before(doc: Doc, words: list[str], i: int) -> tuple[str, int] | None:
        """«дом 52 по улице Калинина», «д. 5 по Ленина»: the house written before the street;
        (house, where the address starts)."""
        k = i - 1
        if k >= 0 and words[k] in STREET_TYPES:
            k -= 1
        if k < 2 or words[k] != "по" or words[k - 2] not in HOUSE_WORDS:
            return None
        number = doc.tokens[k - 1]
        m = _HOUSE.match(doc.clean, number.start) if number.text[:1].isdigit() else None
        if m is None or m.end() > doc.tokens[k].start:
            return None
        return m.group(0).replace(" ", "").lower(), doc.tokens[k - 2].start

    @staticmethod
    def _house(doc: Doc, toks: list[Token], j: int) -> tuple[str | None, int]:
        if j < len(toks) and toks[j].text in STREET_TYPES:  # «Коммунистический пр. 45»
            j += 1
        while j < len(toks) and toks[j].text in HOUSE_WORDS | {"у", "ул"} - {"ул"}:
            j += 1
        if j < len(toks) and toks[j].text[:1].isdigit():
            m = _HOUSE.match(doc.clean, toks[j].start)
            if m and not doc.clean[m.end() : m.end() + 1].isdigit():
                return m.group(0).replace(" ", "").lower(), m.end()
        return None, 0

    def _landmarks(self, doc: Doc, words: list[str]) -> list[Span]:
        spans: list[Span] = []
        seen: set[str] = set()
        present = set(words)
        by_word = self._landmarks_by_word
        candidates = [e for w in present & by_word.keys() for e in by_word[w]]
        candidates.sort(key=lambda e: self._landmark_order[id(e)])  # the gazetteer's order
        for e in candidates:
            if e.name in seen:
                continue
            need = set(e.key)
            if not need <= present:
                continue
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

    def __call__(self, doc: Doc) -> Doc:
        spans = self.match(doc)
        doc.results["address"] = spans
        territories: list[str] = []
        for s in spans:
            t = s.value.get("territory")
            if t and t not in territories:
                territories.append(t)
        doc.results["territory"] = territories
        return doc
