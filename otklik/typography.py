"""Russian typography for reports and PDFs (a ground-floor helper: any app may use it; it
imports none): numbers with non-breaking spaces between the thousands («12 345»), a decimal comma
(«4,5»), a non-breaking space after a short word (prepositions, conjunctions, particles: «в
городе», «и в 2026») and before «%», «ч» and other units, and straight quotes turned into
«ёлочки» (those already there are kept as they are).
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
DASH = "—"
# One- and two-letter words and the usual short prepositions keep to the word after them.
SHORT = re.compile(
    r"(?<![\w-])(в|во|к|ко|с|со|о|об|обо|у|и|а|но|да|на|по|за|из|от|до|не|ни|без|для|при|про|"
    r"над|под|№|§)\s+",
    flags=re.IGNORECASE,
)
# A number keeps to the word or unit after it: «2 раза», «12 %», «2026 г.».
UNIT = re.compile(r"(\d)[ \t]+([%№а-яёА-ЯЁ])")
QUOTES = re.compile(r"\"([^\"]*)\"")


def typo(text: str) -> str:
    """A paragraph's text with the non-breaking spaces and quotes of Russian typography."""
    text = QUOTES.sub(r"«\1»", text)
    text = SHORT.sub(lambda m: m.group(1) + NBSP, text)
    text = UNIT.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
    return re.sub(r" (—|–) ", NBSP + r"\1 ", text)


def number(value: int | float | None, digits: int = 0) -> str:
    """12345 → «12 345», 4.5 → «4,5» (digits after the comma); None → «—»."""
    if value is None:
        return DASH
    text = f"{value:,.{digits}f}"
    return text.replace(",", NBSP).replace(".", ",")


def signed(value: int | None) -> str:
    """+1 250, −40, 0; None → «—»."""
    if value is None:
        return DASH
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return sign + number(abs(value))


def percent(share: float | None, digits: int = 1) -> str:
    """0.873 → «87,3 %»; None → «—»."""
    return DASH if share is None else number(share * 100, digits) + NBSP + "%"


def hours(value: float | None) -> str:
    """Working hours: 3.25 → «3,3 ч»; None → «—»."""
    return DASH if value is None else number(value, 1) + NBSP + "ч"
