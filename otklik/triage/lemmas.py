"""Tokens and lemmas: pymorphy3 behind a word → lemma cache (this is where speed comes from).

A trained model directory carries `lemmas.json`, the training vocabulary's word → lemma map;
`Lemmatizer.preload` puts it in front of the cache, so known words never reach pymorphy3.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from otklik.triage.document import Doc, Token

WORD = re.compile(r"[а-яa-z0-9]+(?:-[а-яa-z0-9]+)*")
VOCAB_FILE = "lemmas.json"


class Lemmatizer:
    """The lemma step. Loads pymorphy3 once; caches up to `cache_size` distinct words."""

    name = "lemmas"

    def __init__(self, cache_size: int = 200_000) -> None:
        import pymorphy3

        self.morph = pymorphy3.MorphAnalyzer()
        self.known: dict[str, str] = {}  # preloaded vocabulary, never evicted
        self._cached = lru_cache(maxsize=cache_size)(self._lemma)

    def _lemma(self, word: str) -> str:
        if len(word) < 3 or not ("а" <= word[0] <= "я"):
            return word
        return self.morph.parse(word)[0].normal_form.replace("ё", "е")

    def lemma(self, word: str) -> str:
        found = self.known.get(word)
        return found if found is not None else self._cached(word)

    def preload(self, mapping: dict[str, str]) -> None:
        self.known.update(mapping)

    def vocabulary(self, docs) -> dict[str, str]:
        """The word → lemma map of some documents' Cyrillic words, to be saved next to a model."""
        out: dict[str, str] = {}
        for doc in docs:
            for t in doc.tokens:
                if len(t.text) >= 3 and "а" <= t.text[0] <= "я":
                    out[t.text] = t.lemma
        return out

    def save_vocabulary(self, docs, directory: Path) -> None:
        path = Path(directory) / VOCAB_FILE
        vocab = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        vocab.update(self.vocabulary(docs))
        path.write_text(json.dumps(vocab, ensure_ascii=False, sort_keys=True), encoding="utf-8")

    def load_vocabulary(self, directory: Path) -> int:
        path = Path(directory) / VOCAB_FILE
        if not path.exists():
            return 0
        vocab = json.loads(path.read_text(encoding="utf-8"))
        self.preload(vocab)
        return len(vocab)

    def tokenize(self, text: str) -> list[Token]:
        known, cached, new = self.known.get, self._cached, tuple.__new__
        out = []
        for m in WORD.finditer(text.lower()):
            w = m.group()
            lem = known(w)
            start, stop = m.span()
            out.append(new(Token, (start, stop, w, lem if lem is not None else cached(w))))
        return out

    def __call__(self, doc: Doc) -> Doc:
        doc.tokens = self.tokenize(doc.clean)
        return doc
