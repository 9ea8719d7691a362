"""Tokens and lemmas: pymorphy3 behind a word → lemma cache (this is where speed comes from)."""

from __future__ import annotations

import re
from functools import lru_cache

from otklik.triage.document import Doc, Token

WORD = re.compile(r"[а-яa-z0-9]+(?:-[а-яa-z0-9]+)*")


class Lemmatizer:
    """The lemma step. Loads pymorphy3 once; caches up to `cache_size` distinct words."""

    name = "lemmas"

    def __init__(self, cache_size: int = 200_000) -> None:
        import pymorphy3

        self.morph = pymorphy3.MorphAnalyzer()
        self.lemma = lru_cache(maxsize=cache_size)(self._lemma)

    def _lemma(self, word: str) -> str:
        if len(word) < 3 or not ("а" <= word[0] <= "я"):
            return word
        return self.morph.parse(word)[0].normal_form.replace("ё", "е")

    def tokenize(self, text: str) -> list[Token]:
        lemma = self.lemma
        return [
            Token(m.start(), m.end(), w, lemma(w))
            for m in WORD.finditer(text.lower())
            for w in (m.group(0),)
        ]

    def __call__(self, doc: Doc) -> Doc:
        doc.tokens = self.tokenize(doc.clean)
        return doc
