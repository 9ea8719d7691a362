"""Place keys learnt from the department names themselves.

District and town administrations take their territory's appeals («Администрация Льговского
района», «Администрация города Железногорска»). Each such name gives a key: the first letters of
its place word's lemma («льговски», «железног»). A message with a lemma that starts with a key
gets the token `__place=KEY`, a strong feature for the department head. Keys travel in the model
directory.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from otklik.triage.document import Doc

FILE = "places.json"
KEY_LEN = 8
# words of an administration's name that are not its place
_SERVICE = {"администрация", "город", "г", "район", "округ", "область", "муниципальный"}


@dataclass
class PlaceKeys:
    """The place step: doc.results['place'] = sorted keys of the places the text names."""

    keys: set[str] = field(default_factory=set)
    stop: set[str] = field(default_factory=set)  # keys too common to mean a place (the city)
    name: str = "place"

    @classmethod
    def from_labels(
        cls, labels: Iterable[str], lemmas: Callable[[str], list[str]], prefix: str = "админ"
    ) -> PlaceKeys:
        keys: dict[str, int] = {}
        for label in set(labels):
            words = lemmas(label)
            if not words or not words[0].startswith(prefix):
                continue
            for w in words[1:]:
                if w not in _SERVICE and len(w) >= 4 and w.isalpha():
                    keys[w[:KEY_LEN]] = keys.get(w[:KEY_LEN], 0) + 1
        # a key in many names («курск» in «…города Курска») names the whole city, not a district
        stop = {k for k, n in keys.items() if n > 2}
        return cls(set(keys) - stop, stop)

    def __post_init__(self) -> None:
        self._by_start: dict[str, list[str]] = {}
        for key in self.keys:
            self._by_start.setdefault(key[:4], []).append(key)

    def __call__(self, doc: Doc) -> Doc:
        found: set[str] = set()
        by_start = self._by_start
        for lemma in {t.lemma for t in doc.tokens}:
            for key in by_start.get(lemma[:4], ()):
                if lemma.startswith(key):
                    found.add(key)
        doc.results["place"] = sorted(found)
        return doc

    def save(self, directory: Path) -> None:
        data = {"keys": sorted(self.keys), "stop": sorted(self.stop)}
        (Path(directory) / FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> PlaceKeys | None:
        path = Path(directory) / FILE
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(set(data["keys"]), set(data["stop"]))
