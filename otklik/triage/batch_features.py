"""A batch's hashed features in one go: the same values as `features.hashed`, message by message.

`features._base` runs some thirty small numpy operations per message (a hash per n-gram length,
a sort, a count); over a batch of 64 that overhead is most of the cost. Here every message's
characters and words are laid end to end and hashed together; an n-gram that would cross from
one message into the next is dropped, and one sort of (message, feature) keys counts them all.
The polynomial hash of a window depends only on its characters, so each value equals the one
the message alone gets.
"""

from __future__ import annotations

import numpy as np

from otklik.triage.document import Doc
from otklik.triage.features import _MIX, _P, Recipe, _crc


def cache_key(recipe: Recipe) -> tuple:
    """The key `features.hashed` keeps a message's base features under in `doc.cache`."""
    return (
        "_feats",
        recipe.bits,
        recipe.char_min,
        recipe.char_max,
        recipe.word_ngrams,
        recipe.max_chars,
    )


def prime(docs: list[Doc], recipe: Recipe) -> None:
    """Put the base features of every message not yet featurised into its cache."""
    key = cache_key(recipe)
    todo = [doc for doc in docs if key not in doc.cache]
    if not todo:
        return
    for doc, base in zip(todo, base_many(todo, recipe), strict=True):
        doc.cache[key] = base


def base_many(docs: list[Doc], recipe: Recipe) -> list[tuple[np.ndarray, np.ndarray]]:
    """[features._base(doc, recipe) for doc in docs], computed for the whole batch at once:
    each message's sorted unique feature indices and their sublinear term frequencies."""
    bits = recipe.bits
    shift = np.int64(bits + 1)  # a key: message number above the feature index
    words = [[t.lemma for t in doc.tokens] for doc in docs]
    texts = [" " + doc.clean[: recipe.max_chars].lower() + " " for doc in docs]
    keys = np.concatenate(
        [
            _word_keys(words, recipe.word_ngrams, bits, shift),
            _char_keys(texts, recipe.char_min, recipe.char_max, bits, shift),
        ]
    )
    keys.sort()
    if len(keys):
        first = np.empty(len(keys), dtype=bool)
        first[0] = True
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        counts = np.diff(np.append(starts, len(keys)))
        keys = keys[starts]
    else:
        counts = np.zeros(0, dtype=np.int64)
    owner = keys >> shift
    idx = keys & np.int64((1 << int(shift)) - 1)
    tf = 1.0 + np.log(counts)
    cut = np.searchsorted(owner, np.arange(len(docs) + 1))
    return [(idx[cut[i] : cut[i + 1]], tf[cut[i] : cut[i + 1]]) for i in range(len(docs))]


def _windows(lens: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per position of the laid-out batch: its message and where that message ends."""
    ends = np.cumsum(lens)
    owner = np.repeat(np.arange(len(lens), dtype=np.int64), lens)
    return owner, np.repeat(ends, lens)[:n]


def _char_keys(texts: list[str], lo: int, hi: int, bits: int, shift: np.int64) -> np.ndarray:
    """features.char_hashes of every text, as (message, index) keys."""
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes)
    owner, end = _windows(np.array([len(t) for t in texts], dtype=np.int64), n)
    at = np.arange(n, dtype=np.int64)
    parts = []
    h = np.zeros(n, dtype=np.uint64)
    for k in range(hi):
        if k >= n:
            break
        h = h[: n - k] * _P + codes[k:]
        if k + 1 >= lo:
            inside = at[: n - k] + k < end[: n - k]  # the window stays in its message
            hashed = ((h[inside] * _MIX) >> np.uint64(64 - bits)).astype(np.int64)
            parts.append((owner[: n - k][inside] << shift) + hashed + (1 << bits))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _word_keys(words: list[list[str]], ngrams: int, bits: int, shift: np.int64) -> np.ndarray:
    """features.word_hashes of every message's lemmas, as (message, index) keys."""
    flat = [w for ws in words for w in ws]
    n = len(flat)
    codes = np.fromiter(map(_crc, flat), dtype=np.uint64, count=n)
    owner, end = _windows(np.array([len(ws) for ws in words], dtype=np.int64), n)
    at = np.arange(n, dtype=np.int64)
    hashes, owners = [codes], [owner]
    h = codes
    for k in range(1, ngrams):
        if len(h) <= 1:
            break
        h = h[:-1] * _P + codes[k:]
        inside = at[: n - k] + k < end[: n - k]
        hashes.append(h[inside] * _MIX)
        owners.append(owner[: n - k][inside])
    out = np.concatenate(hashes)
    mixed = out ^ (out >> np.uint64(23))
    idx = (mixed & np.uint64((1 << bits) - 1)).astype(np.int64)
    return (np.concatenate(owners) << shift) + idx
