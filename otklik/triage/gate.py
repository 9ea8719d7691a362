"""Literal gates for rule regexes: skip a regex scan when none of its literal starts occur.

Python's `re` tries a pattern at almost every position of a text; a plain `in` test for the
literal text each alternative starts with is much cheaper and never changes the answer.
"""

from __future__ import annotations

import re
import re._constants as _C  # CPython's regex parser: the literal prefixes of a pattern
import re._parser as _P


def _starts(items: list) -> list[str] | None:
    """The literal texts a match of this sequence can start with; None when unknown."""
    while items and items[0][0] in (_C.ASSERT, _C.ASSERT_NOT):  # a lookaround consumes nothing
        items = items[1:]
    if not items:
        return None
    op, av = items[0]
    if op is _C.SUBPATTERN and len(items) == 1:
        return _starts(list(av[3]))
    if op is _C.BRANCH and len(items) == 1:
        found: list[str] = []
        for alt in av[1]:
            sub = _starts(list(alt))
            if sub is None:
                return None
            found += sub
        return found
    if op is _C.SUBPATTERN and len(list(av[3])) == 1 and list(av[3])[0][0] is _C.BRANCH:
        return _starts([list(av[3])[0]])  # a group of alternatives, then more: its starts
    prefixes = [""]
    for op, av in items:
        if op is _C.LITERAL:
            chars = [chr(av)]
        elif op is _C.IN and all(o is _C.LITERAL for o, _ in av) and len(av) <= 4:
            chars = [chr(v) for _, v in av]  # a small class of letters: each of them
        else:
            break
        if len(prefixes) * len(chars) > 32:
            break
        prefixes = [p + c for p in prefixes for c in chars]
    return prefixes if all(len(p) >= 3 for p in prefixes) else None  # rare enough to gate


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
    found = _starts(list(parsed))
    return tuple(dict.fromkeys(found)) if found else None


class Gated:
    """A compiled pattern behind its literal gate: search / finditer / findall as re.Pattern."""

    def __init__(self, pattern: str) -> None:
        self.rx = re.compile(pattern)
        self.lead = anchors(pattern)

    def open(self, text: str) -> bool:
        # map over a bound method: no generator frame per literal (~2x faster than a genexpr)
        return self.lead is None or any(map(text.__contains__, self.lead))

    def search(self, text: str) -> re.Match[str] | None:
        return self.rx.search(text) if self.open(text) else None

    def finditer(self, text: str):
        return self.rx.finditer(text) if self.open(text) else iter(())

    def findall(self, text: str) -> list:
        return self.rx.findall(text) if self.open(text) else []
