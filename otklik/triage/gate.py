"""Literal gates for rule regexes: skip a regex scan when none of its literal starts occur.

Python's `re` tries a pattern at almost every position of a text; a plain `in` test for the
literal text each alternative starts with is much cheaper and never changes the answer.
"""

from __future__ import annotations

import re
import re._constants as _C  # CPython's regex parser: the literal prefixes of a pattern
import re._parser as _P


def _lead(items) -> str:
    out = []
    for op, av in items:
        if op is not _C.LITERAL:
            break
        out.append(chr(av))
    return "".join(out)


def anchors(rx: str) -> tuple[str, ...] | None:
    """Literal text every match of rx starts with (one of), or None when there is none to use.

    A cheap `in` test on these skips the regex scan for most texts; the answer is unchanged.
    """
    try:
        parsed = _P.parse(rx)
    except Exception:  # pragma: no cover - the parser is CPython's internal one
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    items = list(parsed)
    if not items:
        return None
    while items and items[0][0] in (_C.ASSERT, _C.ASSERT_NOT):  # a lookaround consumes nothing
        items = items[1:]
    if not items:
        return None
    op, av = items[0]
    if op is _C.SUBPATTERN:
        sub = list(av[3])
        if len(sub) == 1 and sub[0][0] is _C.BRANCH:
            found = tuple(_lead(list(alt)) for alt in sub[0][1][1])
            return found if all(len(a) >= 2 for a in found) else None
        items = sub
    first = _lead(items)
    return (first,) if len(first) >= 2 else None


class Gated:
    """A compiled pattern behind its literal gate: search / finditer / findall as re.Pattern."""

    def __init__(self, pattern: str) -> None:
        self.rx = re.compile(pattern)
        self.lead = anchors(pattern)

    def open(self, text: str) -> bool:
        return self.lead is None or any(a in text for a in self.lead)

    def search(self, text: str) -> re.Match[str] | None:
        return self.rx.search(text) if self.open(text) else None

    def finditer(self, text: str):
        return self.rx.finditer(text) if self.open(text) else iter(())

    def findall(self, text: str) -> list:
        return self.rx.findall(text) if self.open(text) else []
