"""What the clean text no longer shows: emoji, length, script, links and mentions, as tokens.

doc.results['shape'] = ['😂', 'len4', 'latin', 'link', …]; a head takes them with
`Recipe(extra=("shape",))` (the sentiment head does: emoji and bare links carry a post's tone).
"""

from __future__ import annotations

import math
import re

from otklik.triage.document import Doc

_CYR = re.compile(r"[а-яА-Я]")
_LAT = re.compile(r"[a-zA-Z]")


class Shape:
    name = "shape"

    def tokens(self, doc: Doc) -> list[str]:
        text = doc.clean
        out = sorted(set(doc.emoji))
        out.append(f"len{min(6, int(math.log2(len(text) + 1)))}")
        cyr, lat = len(_CYR.findall(text)), len(_LAT.findall(text))
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
