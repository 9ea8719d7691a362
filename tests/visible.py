"""The text a person sees on a page: tags, scripts, styles and comments stripped; and the English
words in it that are not on a short allow-list (product and platform names, codes, units)."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

# Names and codes that stay as they are in a Russian interface.
ALLOWED = {
    "otklik",
    "vk",
    "vkontakte",
    "telegram",
    "max",
    "ok",
    "odnoklassniki",
    "e-mail",
    "email",
    "rss",
    "atom",
    "imap",
    "smtp",
    "id",
    "url",
    "api",
    "http",
    "https",
    "json",
    "jsonl",
    "csv",
    "xlsx",
    "sla",
    "f1",
    "top-3",
    "utc",
    "gmt",
    "asia",
    "tomsk",
    "ru",
    "www",
    "html",
    "chat",
    "user",
}


class _Text(HTMLParser):
    SKIP = {"script", "style", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        attributes = dict(attrs)
        # What a person reads without hovering: placeholders and button values.
        for name in ("placeholder",):
            if attributes.get(name):
                self.parts.append(str(attributes[name]))
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self.parts.append(str(attributes.get("value") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return unescape(" ".join(" ".join(parser.parts).split()))


URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|/[\w./?=&%-]*")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")


def english_words(text: str, allowed: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Latin words of two letters or more that are not names, codes or URLs."""
    text = URL.sub(" ", text)
    found = []
    for match in WORD.finditer(text):
        word = match.group(0)
        start, end = match.span()
        # Codes: glued to digits, underscores or dots (vk-wall-1004, 20261128-191819-574d21ce).
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if before.isdigit() or after.isdigit() or "_" in (before, after):
            continue
        if len(word) < 2 or word.lower() in ALLOWED or word.lower() in allowed:
            continue
        if word.isupper() and len(word) <= 5:
            continue  # abbreviations: ЖКХ-style codes in Latin (FAQ, CSV, MAX)
        found.append(word)
    return found
