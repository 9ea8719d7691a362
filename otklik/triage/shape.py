"""What the clean text no longer shows: emoji, length, script, links and mentions, as tokens.

doc.results['shape'] = ['😂', 'len4', 'latin', 'link', …]; a head takes them with
`Recipe(extra=("shape",))` (the sentiment head does: emoji and bare links carry a post's tone).
"""

from __future__ import annotations

import math

import numpy as np

from otklik.triage.document import Doc


def _counts(text: str) -> tuple[int, int]:
    """How many [а-яА-Я] and [a-zA-Z] letters: one pass over the code points."""
    c = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    cyr = int(np.count_nonzero((c >= 0x410) & (c <= 0x44F)))
    low = c | 0x20  # A-Z → a-z
    lat = int(np.count_nonzero((low >= 0x61) & (low <= 0x7A)))
    return cyr, lat


class Shape:
    name = "shape"

    def tokens(self, doc: Doc) -> list[str]:
        text = doc.clean
        out = sorted(set(doc.emoji))
        out.append(f"len{min(6, int(math.log2(len(text) + 1)))}")
        cyr, lat = _counts(text)
        if cyr == 0:
            out.append("nocyr")
        elif lat > cyr:
            out.append("latin")
        if doc.links:
            out.append("link")
        if doc.mentions:
            out.append("mention")
        return out

    def __call__(self, doc: Doc) -> Doc:
        doc.results["shape"] = self.tokens(doc)
        return doc
