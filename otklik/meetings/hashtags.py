"""A meeting's hashtag, «#ВстречаСамусь1512»: the territory's name and the day, in the city's
time zone. Residents put it in a post or a message in our channels, and `link_questions`
(actions/linking.py) makes such a message a question to the meeting."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

PREFIX = "#Встреча"
_WORDS = re.compile(r"[^\W\d_]+")
_SKIP = {"г", "город", "пос", "поселок", "посёлок", "пгт", "село", "с", "деревня", "д", "район",
         "микрорайон", "мкр", "зато", "территория"}  # fmt: skip
#: A hashtag as written in a message: «#», then letters, digits and «_».
TAG = re.compile(r"(?<![\w#])#[^\W_][\w]*")


def base_hashtag(territory_name: str, starts_at: datetime) -> str:
    """«#ВстречаСамусь1512»: at most two words of the name, capitalised, then day and month."""
    words = [w for w in _WORDS.findall(territory_name) if w.lower() not in _SKIP][:2]
    name = "".join(w[:1].upper() + w[1:].lower() for w in words)
    return f"{PREFIX}{name}{timezone.localtime(starts_at):%d%m}"


def free_hashtag(base: str, taken: Iterable[str]) -> str:
    """`base`, or `base_2`, `base_3` … when another meeting has it (compared case-blind)."""
    used = {t.casefold() for t in taken}
    candidate, n = base, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{base}_{n}"
    return candidate


def hashtags_in(text: str) -> set[str]:
    """The hashtags a text mentions, case-folded (ё as е), for matching against meetings'."""
    return {fold(tag) for tag in TAG.findall(text or "")}


def fold(tag: str) -> str:
    return tag.casefold().replace("ё", "е")
