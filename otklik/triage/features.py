"""Shared, stateless hashed features: computed once per document, reused by every head.

Two blocks in one index space: word block [0, 2**bits) holds lemma unigrams and bigrams plus any
extra tokens a head asks for (territory, predicted category…); char block [2**bits, 2**(bits+1))
holds character n-grams of the clean lower-cased text, hashed with a vectorised polynomial hash.
Heads keep only the columns seen in training, their IDF weights and a linear model.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from otklik.triage.document import Doc

_MASK64 = np.uint64((1 << 64) - 1)
_P = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class Recipe:
    """Which features a head uses; part of the head's configuration and of its model card."""

    bits: int = 20
    char_min: int = 2
    char_max: int = 5
    word_ngrams: int = 2
    max_chars: int = 2000
    extra: tuple[str, ...] = ()  # names of doc.results entries to add as tokens, e.g. "territory"

    def as_dict(self) -> dict[str, object]:
        return {
            "bits": self.bits,
            "char_min": self.char_min,
            "char_max": self.char_max,
            "word_ngrams": self.word_ngrams,
            "max_chars": self.max_chars,
            "extra": list(self.extra),
        }

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> Recipe:
        d = dict(d)
        d["extra"] = tuple(d.get("extra", ()))  # type: ignore[arg-type]
        return cls(**d)  # type: ignore[arg-type]


@lru_cache(maxsize=200_000)
def _crc(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


def char_hashes(text: str, lo: int, hi: int, bits: int) -> np.ndarray:
    """Hashes of all character n-grams (lo..hi) of ' text ', as indices in the char block."""
    codes = np.frombuffer((" " + text + " ").encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes)
    parts = []
    h = np.zeros(n, dtype=np.uint64)
    for k in range(hi):
        if k >= n:
            break
        # h[i] = hash of codes[i : i + k + 1]; uint64 arrays wrap around without a warning
        h = h[: n - k] * _P + codes[k:]
        if k + 1 >= lo:
            parts.append((h * _MIX) >> np.uint64(64 - bits))
    if not parts:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate(parts).astype(np.int64) + (1 << bits)


def word_hashes(words: list[str], ngrams: int, bits: int) -> np.ndarray:
    codes = np.fromiter(map(_crc, words), dtype=np.uint64, count=len(words))
    parts = [codes]
    h = codes
    for k in range(1, ngrams):
        if len(h) <= 1:
            break
        h = h[:-1] * _P + codes[k:]
        parts.append(h * _MIX)
    out = np.concatenate(parts) if len(parts) > 1 else codes
    mixed = out ^ (out >> np.uint64(23))
    return (mixed & np.uint64((1 << bits) - 1)).astype(np.int64)


def extra_tokens(doc: Doc, names: tuple[str, ...]) -> list[str]:
    tokens: list[str] = []
    for name in names:
        value = doc.results.get(name)
        if value is None:
            value = doc.meta.get(name)
        if value is None:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        if values and isinstance(values[0], tuple):  # a head's top-k: use its best label
            values = [values[0][0]]
        tokens.extend(f"__{name}={v}" for v in values if v not in (None, ""))
    return tokens


def hashed(doc: Doc, recipe: Recipe) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique feature indices of a document and their sublinear term frequencies."""
    key = (
        "_feats",
        recipe.bits,
        recipe.char_min,
        recipe.char_max,
        recipe.word_ngrams,
        recipe.max_chars,
    )
    extra = extra_tokens(doc, recipe.extra)
    base = doc.cache.get(key)
    if base is None:
        base = doc.cache[key] = _base(doc, recipe)
    if not extra:
        return base
    mask = (1 << recipe.bits) - 1
    idx_x = np.array([_crc(t) & mask for t in extra], dtype=np.int64)
    idx, counts = np.unique(np.concatenate([base[0], idx_x]), return_counts=True)
    tf = np.ones(len(idx))
    pos = np.searchsorted(idx, base[0])
    tf[pos] = base[1]
    tf[np.isin(idx, idx_x)] = 1.0 + np.log(counts[np.isin(idx, idx_x)])
    return idx, tf


def _base(doc: Doc, recipe: Recipe) -> tuple[np.ndarray, np.ndarray]:
    words = [t.lemma for t in doc.tokens]
    idx_w = word_hashes(words, recipe.word_ngrams, recipe.bits)
    text = doc.clean[: recipe.max_chars].lower()
    idx_c = char_hashes(text, recipe.char_min, recipe.char_max, recipe.bits)
    return _counted(np.concatenate([idx_w, idx_c]))


def _counted(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(x, return_counts=True) with sublinear counts, without its overhead."""
    if not len(x):
        return x, np.zeros(0)
    x = np.sort(x)
    first = np.empty(len(x), dtype=bool)
    first[0] = True
    np.not_equal(x[1:], x[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.empty(len(starts), dtype=np.int64)
    np.subtract(starts[1:], starts[:-1], out=counts[:-1])
    counts[-1] = len(x) - starts[-1]
    return x[starts], 1.0 + np.log(counts)
