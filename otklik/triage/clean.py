"""Clean social-network and portal text, keeping an offset map back to the original.

Every transformation is a regex substitution on (text, offsets): replacement characters map to the
start of what they replace, or one to one when a replacement keeps a captured group.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from otklik.triage.document import Doc

Repl = Callable[[re.Match[str]], tuple[str, int | None]]

_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)[^<>]*>")
_BLOCK = {"p", "br", "div", "li", "ul", "ol", "tr", "td", "h1", "h2", "h3", "h4", "table"}
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_MENTION = re.compile(r"\[(?:id|club|public)\d+\|([^\[\]|]{1,80})\]")
_AT_MENTION = re.compile(r"(?<![\w.])@([A-Za-z0-9_.]{2,40})")
_LINK = re.compile(
    r"(?:https?://|www\.)\S+|\b(?:vk\.com|vkontakte\.ru|t\.me|ok\.ru)/\S*", re.IGNORECASE
)
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d\u2300-\u23ff\u25a0-\u25ff]+"
)
_REPEAT = re.compile(r"([!?,;)(:*])\1+")
_DOTS = re.compile(r"\.{4,}|…")
_SPACE = re.compile(r"\s{2,}|[^\S ]")  # single spaces stay: nothing to do
_NOT_LETTER = re.compile(r"[\W\d_]+")
_NOT_RU_EN = re.compile(r"[^A-Za-zА-Яа-яЁё]")  # a letter of another alphabet
_UPPER_RU_EN = re.compile(r"[A-ZА-ЯЁ]")


def _sub(pattern: re.Pattern[str], text: str, offs: list[int], repl: Repl) -> tuple[str, list[int]]:
    out: list[str] = []
    out_offs: list[int] = []
    pos = 0
    for m in pattern.finditer(text):
        out.append(text[pos : m.start()])
        out_offs.extend(offs[pos : m.start()])
        new, keep_from = repl(m)
        out.append(new)
        if keep_from is not None:
            out_offs.extend(offs[keep_from : keep_from + len(new)])
        else:
            anchor = offs[m.start()] if m.start() < len(offs) else (offs[-1] if offs else 0)
            out_offs.extend([anchor] * len(new))
        pos = m.end()
    if not out:
        return text, offs
    out.append(text[pos:])
    out_offs.extend(offs[pos:])
    return "".join(out), out_offs


def _tag(m: re.Match[str]) -> tuple[str, int | None]:
    return (" " if m.group(1).lower() in _BLOCK else "", None)


def _entity(m: re.Match[str]) -> tuple[str, int | None]:
    value = html.unescape(m.group(0)).replace("\xa0", " ")
    return (value if len(value) <= 2 else " ", None)


class Cleaner:
    """The clean step: fills doc.clean, doc.offsets, doc.links, doc.mentions, doc.emoji."""

    name = "clean"

    def __init__(self, caps_threshold: float = 0.6) -> None:
        self.caps_threshold = caps_threshold

    def __call__(self, doc: Doc) -> Doc:
        text, offs = doc.text, list(range(len(doc.text)))
        if "<" in text:
            text, offs = _sub(_TAG, text, offs, _tag)
        if "&" in text:
            text, offs = _sub(_ENTITY, text, offs, _entity)
        if "[" in text:
            doc.mentions = [m.group(1) for m in _MENTION.finditer(text)]
            text, offs = _sub(_MENTION, text, offs, lambda m: (m.group(1), m.start(1)))
        doc.links = _LINK.findall(text) if ("/" in text or "www" in text) else []
        if doc.links:
            text, offs = _sub(_LINK, text, offs, lambda m: (" ", None))
        if "@" in text:
            text, offs = _sub(_AT_MENTION, text, offs, lambda m: (m.group(1), m.start(1)))
        doc.emoji = [ch for m in _EMOJI.finditer(text) for ch in m.group(0) if ord(ch) > 0x2000]
        if doc.emoji:  # no match found: nothing to substitute
            text, offs = _sub(_EMOJI, text, offs, lambda m: (" ", None))
        text = text.replace("ё", "е").replace("Ё", "Е")
        text, offs = _sub(_REPEAT, text, offs, lambda m: (m.group(1), m.start()))
        if "...." in text or "…" in text:
            text, offs = _sub(_DOTS, text, offs, lambda m: ("...", None))
        text, offs = _sub(_SPACE, text, offs, lambda m: (" ", None))
        start = len(text) - len(text.lstrip())
        text, offs = text.strip(), offs[start : start + len(text.strip())]
        letters = _NOT_LETTER.sub("", text)  # the letters, in one pass
        upper = upper_count(letters)
        doc.caps_ratio = upper / len(letters) if letters else 0.0
        if len(letters) >= 8 and doc.caps_ratio >= self.caps_threshold:
            text = text.lower()  # same length: offsets stay valid
        doc.clean, doc.offsets = text, offs
        return doc


def upper_count(letters: str) -> int:
    """How many characters are upper case: one regex scan when all are Russian or Latin
    letters (nearly always), else each character asked (other alphabets, title case)."""
    if _NOT_RU_EN.search(letters) is None:
        return len(_UPPER_RU_EN.findall(letters))
    return sum(map(str.isupper, letters))


def clean(text: str) -> str:
    """Convenience: the clean text of one string."""
    return Cleaner()(Doc(text)).clean
