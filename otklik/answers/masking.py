"""Personal data hidden from a text: before it goes on a public page (/open/), and when
residents' data is depersonalised after its retention period (otklik.privacy).

Names, phone numbers, e-mail addresses, flat numbers and links to people's profiles are replaced
by a bracketed Russian word. The detectors are the answer checker's (otklik.answers.checker: its
phone, e-mail and flat patterns, its dictionary test for full names) plus what a public page
needs beyond a reply: city phone numbers, profile links, @handles and VK mentions, a name after
«Уважаемый», a surname with initials.

    >>> mask_personal("Иван Петров, кв. 12, +7 913 123-45-67")
    '[имя скрыто], кв. [номер скрыт], [телефон скрыт]'
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from otklik.answers.checker import EMAIL, FLAT, PERSON, check

NAME = "[имя скрыто]"
PHONE = "[телефон скрыт]"
MAIL = "[e-mail скрыт]"
FLAT_NUMBER = "кв. [номер скрыт]"
LINK = "[ссылка скрыта]"

#: +7 or 8 and ten digits however grouped, and city numbers (77-12-34, 123-45-67).
PHONES = re.compile(
    r"(?<![\w+])(?:\+7|8)(?:[\s\-()]*\d){10}(?!\d)"
    r"|(?<![\w\-.])\d{2,3}[\s\-]\d{2}[\s\-]\d{2}(?![\w\-])"
)
#: Links to a person's page on the social networks and messengers, with or without the scheme.
PROFILES = re.compile(
    r"(?:https?://)?(?:www\.|m\.)?"
    r"(?:vk\.com|vk\.ru|vkontakte\.ru|t\.me|telegram\.me|ok\.ru|odnoklassniki\.ru|max\.ru"
    r"|instagram\.com|facebook\.com|fb\.com)/[^\s<>\"'),;]+",
    re.IGNORECASE,
)
#: VK's mention markup «[id123|Иван]» and a messenger handle «@ivan_petrov».
MENTIONS = re.compile(r"\[(?:id|club|public)\d+\|[^\]]*\]|(?<![\w.@])@[A-Za-z0-9_]{3,}")
_WORD = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
#: «Уважаемая Анна Сергеевна»: the capitalised words after the greeting are a name.
GREETING = re.compile(rf"\b[Уу]важаем\w*\s+({_WORD}(?:\s+{_WORD}){{0,2}})")
#: A patronymic or initials right after a found name: «Петров Иван| Сергеевич», «Петров| И. С.».
TAIL = re.compile(
    r"(?:\s+[А-ЯЁ][а-яё]+(?:вич|вна|ична|инична|ьич))|(?:\s+[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?)"
)

Span = tuple[int, int, str]


def _patterns(text: str) -> Iterator[Span]:
    for pattern, label in (
        (PROFILES, LINK),
        (MENTIONS, LINK),
        (EMAIL, MAIL),
        (PHONES, PHONE),
        (FLAT, FLAT_NUMBER),
        (PERSON, NAME),
    ):
        for match in pattern.finditer(text):
            yield match.start(), match.end(), label
    for match in GREETING.finditer(text):
        yield match.start(1), match.end(1), NAME


def _names(text: str) -> Iterator[Span]:
    """Full names by the checker's dictionary test, with a patronymic or initials after."""
    for warning in check(text, max_length=len(text) + 1):
        if warning.code != "personal_name":
            continue
        end = warning.end
        tail = TAIL.match(text, end)
        if tail:
            end = tail.end()
        yield warning.start, end, NAME


def _merged(spans: list[Span]) -> list[Span]:
    """Overlapping finds become one, labelled by the one that starts first (the longer on a
    tie)."""
    out: list[Span] = []
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        if out and start < out[-1][1]:
            last = out[-1]
            out[-1] = (last[0], max(last[1], end), last[2])
        else:
            out.append((start, end, label))
    return out


def mask_personal(text: str) -> str:
    """The text with every name, phone, e-mail, flat number and profile link replaced."""
    if not text:
        return ""
    spans = _merged([*_patterns(text), *_names(text)])
    parts: list[str] = []
    cursor = 0
    for start, end, label in spans:
        parts.append(text[cursor:start])
        parts.append(label)
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)
