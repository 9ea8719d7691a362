"""The document object that flows through every triage step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


@dataclass(frozen=True)
class Span:
    """A piece of the clean text, with its offsets in the clean and the original text."""

    start: int
    stop: int
    text: str
    type: str = ""
    value: Any = None


class Token(NamedTuple):  # a tuple: built ~150 times per message, cheaply
    start: int  # offsets in the clean text
    stop: int
    text: str  # lower-cased surface form
    lemma: str


@dataclass
class Doc:
    """Original text, clean text with an offset map back to it, tokens, and each step's result."""

    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    clean: str = ""
    offsets: list[int] = field(default_factory=list)  # clean index -> original index
    links: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    emoji: list[str] = field(default_factory=list)
    caps_ratio: float = 0.0
    tokens: list[Token] = field(default_factory=list)
    results: dict[str, Any] = field(default_factory=dict)  # step name -> its result
    cache: dict[Any, Any] = field(default_factory=dict)  # shared intermediate values (features)

    @property
    def lemmas(self) -> list[str]:
        return [t.lemma for t in self.tokens]

    def original_span(self, start: int, stop: int) -> tuple[int, int]:
        """Map a [start, stop) range of the clean text back to the original text."""
        if not self.offsets or start >= len(self.offsets):
            return (len(self.text), len(self.text))
        first = self.offsets[start]
        last = self.offsets[max(start, min(stop, len(self.offsets)) - 1)]
        return (first, last + 1)
