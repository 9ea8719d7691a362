"""The fast path: all learnt heads scored from one shared feature vector per message.

Heads that share a recipe's base features are fused into one sparse float32 matrix over the
union of their kept columns (pruning left ~5% of the weights), with each head's IDF folded into
its weights. Per message: one table lookup and one sparse (2 × n) @ (n × classes) product,
which reads only the message's rows and their kept weights; each head's word/char block norms
come from its squared IDF, so the result equals `Head.scores`. Extra tokens a head asks for
(territory, the predicted group…) are added to that head only (exact unless an extra token's
hash collides with a text feature, where the text's count is kept).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from otklik.triage.batch_features import prime
from otklik.triage.document import Doc
from otklik.triage.features import Recipe, _crc, extra_tokens, hashed
from otklik.triage.heads import Head

try:  # scipy's CSR kernels: sum the message's rows of W in C++, without gathering them
    from scipy.sparse._sparsetools import csr_matmat as _csr_matmat
    from scipy.sparse._sparsetools import csr_matvecs as _csr_matvecs
except ImportError:  # pragma: no cover - older or newer scipy layouts
    _csr_matmat = _csr_matvecs = None


@dataclass
class _Slot:
    head: Head
    key: str  # doc.results key
    lo: int  # columns of the fused matrix
    hi: int
    index: int  # column of the squared-IDF matrix
    refined: bool = False  # a group head refined by its members' probabilities


class FusedHeads:
    """A pipeline step running several heads with one gather; writes top-k per head."""

    name = "heads"

    def __init__(self, heads: list[tuple[Head, str]], k: int = 3, release: bool = True) -> None:
        self.k = k
        self.recipe = heads[0][0].recipe
        self.base = Recipe.from_dict({**self.recipe.as_dict(), "extra": ()})
        bits = self.recipe.bits
        union = np.unique(np.concatenate([h.used for h, _ in heads]))
        self.column = np.full(2 << bits, -1, dtype=np.int32)
        self.column[union] = np.arange(len(union), dtype=np.int32)
        total = sum(len(h.classes) for h, _ in heads)
        self.idf2 = np.zeros((len(union), len(heads)), dtype=np.float32)
        self.slots: list[_Slot] = []
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        lo = 0
        for i, (head, key) in enumerate(heads):
            rows = self.column[head.used]
            hi = lo + len(head.classes)
            r, c = np.nonzero(head.coef)  # pruned heads: only their non-zero weights
            parts.append((rows[r], c + lo, head.coef[r, c] * head.idf[r]))
            self.idf2[rows, i] = head.idf.astype(np.float32) ** 2
            self.slots.append(_Slot(head, key, lo, hi, i))
            lo = hi
            if release:  # the weights now live here; the head keeps classes and thresholds
                head.coef = head.coef[:0]
                head.used, head.idf = head.used[:0], head.idf[:0]
        rows_, cols_, vals_ = (np.concatenate(x) for x in zip(*parts, strict=True))
        weights = sp.csr_matrix(
            (vals_.astype(np.float32), (rows_, cols_)), shape=(len(union), total)
        )
        weights.sum_duplicates()
        self.weights = weights  # rows: features; columns: every head's classes side by side
        self.total = total
        # int32 indices: what scipy's kernel takes (a fused matrix stays far under 2**31)
        self._indptr = weights.indptr.astype(np.int32)
        self._indices = weights.indices.astype(np.int32)
        self._data = weights.data
        names = {h.name for h, _ in heads}
        for slot in self.slots:
            h = slot.head
            slot.refined = bool(h.members) and h.member_weight > 0 and h.member_head in names
        self.char_start = 1 << bits
        self._idf2_flat = self.idf2.reshape(-1)
        names = (n for slot in self.slots for n in slot.head.recipe.extra)
        self.extra_names = tuple(dict.fromkeys(names))  # e.g. territory, place, markup
        self._extra_rows: dict[str, int] = {}
        # per fused class: its head, so every head's softmax runs as one vector operation
        self.starts = np.array([slot.lo for slot in self.slots], dtype=np.intp)
        self.owner = np.repeat(
            np.arange(len(self.slots)), [slot.hi - slot.lo for slot in self.slots]
        )
        self.intercept = np.concatenate(
            [slot.head.intercept.astype(np.float32) for slot in self.slots]
        )
        self.temperature = np.repeat(
            np.array([slot.head.temperature for slot in self.slots], dtype=np.float32),
            [slot.hi - slot.lo for slot in self.slots],
        )
        self.char_weight = np.array(
            [slot.head.char_weight for slot in self.slots], dtype=np.float32
        )

    @staticmethod
    def compatible(a: Head, b: Head) -> bool:
        ra, rb = a.recipe, b.recipe
        return (ra.bits, ra.char_min, ra.char_max, ra.word_ngrams, ra.max_chars) == (
            rb.bits,
            rb.char_min,
            rb.char_max,
            rb.word_ngrams,
            rb.max_chars,
        )

    def __call__(self, doc: Doc) -> Doc:
        return self.batch([doc])[0]

    def batch(self, docs: list[Doc]) -> list[Doc]:
        """Score many messages with one product: a CSR of two rows per message (its word and
        its char block) times the fused weights; softmax, refinement and top-k run on the
        whole batch at once."""
        if not docs:
            return docs
        if len(docs) > 1:  # the batch's features hashed together: far fewer numpy calls
            prime(docs, self.base)
        indptr, pos, tf = self._rows(docs)
        proba = self._proba(self._sums(indptr, pos, tf), self._norms(indptr, pos, tf * tf))
        probas = {slot.head.name: proba[:, slot.lo : slot.hi] for slot in self.slots}
        for slot in self.slots:
            head = slot.head
            p = probas[head.name]
            if slot.refined:  # a group head refined by its members' (topics') probabilities
                child = next(s.head for s in self.slots if s.head.name == head.member_head)
                p = head.combine(p, child, probas[head.member_head])
            for doc, top in zip(docs, self._tops(head, p), strict=True):
                doc.results[slot.key] = top
        return docs

    def _rows(self, docs: list[Doc]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Two CSR rows per message: its extra tokens (tf 1; only their heads weigh them) and
        its word block, then its char block; the fused matrix's rows and their tf. The whole
        batch's features are looked up at once."""
        n = len(docs)
        bases = [hashed(doc, self.base) for doc in docs]
        idx = np.concatenate([b[0] for b in bases]) if n > 1 else bases[0][0]
        tf64 = np.concatenate([b[1] for b in bases]) if n > 1 else bases[0][1]
        lens = np.fromiter((len(b[0]) for b in bases), dtype=np.int64, count=n)
        owner = np.repeat(np.arange(n), lens)
        pos = self.column[idx]
        hit = pos >= 0
        kept = np.bincount(owner[hit], minlength=n)
        words = np.bincount(owner[hit & (idx < self.char_start)], minlength=n)
        pos, tf = pos[hit], tf64[hit].astype(np.float32)
        extras = [self._extra_positions(doc) for doc in docs]
        extra = np.fromiter(map(len, extras), dtype=np.int64, count=n)
        if extra.any():  # each message's extra tokens in front of its own rows
            cut = np.concatenate([[0], np.cumsum(kept)])
            pieces: list[np.ndarray] = []
            tfs: list[np.ndarray] = []
            for i in range(n):
                pieces += [extras[i], pos[cut[i] : cut[i + 1]]]
                tfs += [np.ones(extra[i], dtype=np.float32), tf[cut[i] : cut[i + 1]]]
            pos, tf = np.concatenate(pieces), np.concatenate(tfs)
        sizes = np.empty(2 * n, dtype=np.int64)
        sizes[0::2] = extra + words
        sizes[1::2] = kept - words
        indptr = np.zeros(2 * n + 1, dtype=np.int32)
        np.cumsum(sizes, out=indptr[1:])
        return indptr, pos, tf

    def _proba(self, sums: np.ndarray, norms: np.ndarray) -> np.ndarray:
        """(2B, classes) block sums and (2B, heads) squared norms → (B, classes) per-head
        softmax probabilities."""
        scale = (norms > 0) / np.sqrt(np.maximum(norms, 1e-30, dtype=np.float32))  # 0 if empty
        scale[1::2] *= self.char_weight
        owner = self.owner
        z = self.intercept + sums[0::2] * scale[0::2][:, owner] + sums[1::2] * scale[1::2][:, owner]
        z *= self.temperature
        z -= np.maximum.reduceat(z, self.starts, axis=1)[:, owner]
        e = np.exp(z)
        return e / np.add.reduceat(e, self.starts, axis=1)[:, owner]

    def _tops(self, head: Head, proba: np.ndarray) -> list[list[tuple[str, float]]]:
        """Each row's k best classes with their probabilities, best first."""
        if len(proba) == 1:  # one message: the plain path is cheaper than the 2-D one
            return [head.top(proba[0], self.k)]
        k = min(self.k, proba.shape[1])
        rows = np.arange(len(proba))[:, None]
        if proba.shape[1] > k:  # partition first: a full sort of 161 topics is wasted work
            part = np.argpartition(-proba, k - 1, axis=1)[:, :k]
        else:
            part = np.broadcast_to(np.arange(k), (len(proba), k))
        part = part[rows, np.argsort(-proba[rows, part], axis=1, kind="stable")]
        best = proba[rows, part]
        classes = head.classes
        return [
            [(classes[i], round(p, 4)) for i, p in zip(row, values, strict=True)]
            for row, values in zip(part.tolist(), best.tolist(), strict=True)
        ]

    def _extra_positions(self, doc: Doc) -> np.ndarray:
        """Rows of the extra tokens the heads ask for (territory, place, markup…). Only the
        heads trained with a token have weights in its row, so one product serves them all."""
        cols: set[int] = set()
        known, mask = self._extra_rows, (1 << self.recipe.bits) - 1
        for name in self.extra_names:
            for token in extra_tokens(doc, (name,)):
                col = known.get(token)
                if col is None:  # a token's row never changes: look it up once
                    if len(known) > 100_000:  # hostile meta must not grow it without end
                        known.clear()
                    col = known[token] = int(self.column[_crc(token) & mask])
                if col >= 0:
                    cols.add(col)
        return np.array(sorted(cols), dtype=np.int32)

    def _norms(self, indptr: np.ndarray, pos: np.ndarray, tf2: np.ndarray) -> np.ndarray:
        """Per row and head, the squared norm of the block: Σ (tf · idf)²."""
        rows, heads = len(indptr) - 1, self.idf2.shape[1]
        if _csr_matvecs is None:
            row = np.repeat(np.arange(rows), np.diff(indptr))
            vals = self.idf2[pos] * tf2[:, None]
            return np.stack(
                [np.bincount(row, weights=vals[:, h], minlength=rows) for h in range(heads)], 1
            ).astype(np.float32)
        out = np.zeros(rows * heads, dtype=np.float32)
        _csr_matvecs(rows, len(self.idf2), heads, indptr, pos, tf2, self._idf2_flat, out)
        return out.reshape(rows, heads)

    def _sums(self, indptr: np.ndarray, pos: np.ndarray, tf: np.ndarray) -> np.ndarray:
        """The sparse (rows × n) messages × the sparse fused weights: only the messages' rows,
        and in them only the weights that pruning kept."""
        if _csr_matmat is not None:
            return self._sums_kernel(indptr, pos, tf)
        rows, total = len(indptr) - 1, self.total
        starts = self._indptr[pos]
        lens = self._indptr[pos + 1] - starts
        n = int(lens.sum())
        if n == 0:
            return np.zeros((rows, total), dtype=np.float32)
        # flat positions of every kept weight in the messages' rows, without a Python loop
        shift = np.repeat(starts - (np.cumsum(lens) - lens), lens)
        at = np.arange(n, dtype=np.int64) + shift
        row = np.repeat(np.arange(rows, dtype=np.int64), np.diff(indptr))
        cols = self._indices[at].astype(np.int64) + np.repeat(row * total, lens)
        vals = self._data[at] * np.repeat(tf, lens)
        out = np.bincount(cols, weights=vals, minlength=rows * total)
        return out.reshape(rows, total).astype(np.float32)

    def _sums_kernel(self, indptr: np.ndarray, pos: np.ndarray, tf: np.ndarray) -> np.ndarray:
        """The same product by scipy's CSR × CSR kernel."""
        rows, total = len(indptr) - 1, self.total
        out_ptr = np.zeros(rows + 1, dtype=np.int32)
        out_col = np.empty(rows * total, dtype=np.int32)  # at most every class in every row
        out_val = np.empty(rows * total, dtype=np.float32)
        _csr_matmat(
            rows,
            total,
            indptr,
            pos.astype(np.int32, copy=False),
            tf.astype(np.float32, copy=False),
            self._indptr,
            self._indices,
            self._data,
            out_ptr,
            out_col,
            out_val,
        )
        n = int(out_ptr[-1])
        at = out_col[:n] + np.repeat(np.arange(rows, dtype=np.int32) * total, np.diff(out_ptr))
        out = np.zeros(rows * total, dtype=np.float32)
        out[at] = out_val[:n]
        return out.reshape(rows, total)
