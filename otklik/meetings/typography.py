"""Russian typography for the briefing's PDF: a non-breaking space after short words
(prepositions, conjunctions: «в городе», «и в 2026») and between a number and its word or unit
(«12 %», «3 раза»), thousands split by a non-breaking space («12 345»), straight quotes turned
into «ёлочки». The same rules as the analytics reports; meetings may not import analytics, so
this small module holds its own copy.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
SHORT = re.compile(
    r"(?<![\w-])(в|во|к|ко|с|со|о|об|обо|у|и|а|но|да|на|по|за|из|от|до|не|ни|без|для|при|про|"
    r"над|под|№|§)\s+",
    flags=re.IGNORECASE,
)
UNIT = re.compile(r"(\d)[ \t]+([%№а-яёА-ЯЁ])")
QUOTES = re.compile(r"\"([^\"]*)\"")


def typo(text: str) -> str:
    """A text with the non-breaking spaces and quotes of Russian typography."""
    text = QUOTES.sub(r"«\1»", text)
    text = SHORT.sub(lambda m: m.group(1) + NBSP, text)
    text = UNIT.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
    return re.sub(r" (—|–) ", NBSP + r"\1 ", text)


def number(value: int) -> str:
    """12345 → «12 345»."""
    return f"{value:,}".replace(",", NBSP)
