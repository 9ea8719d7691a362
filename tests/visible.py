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
    "webp",
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
    "callback",  # VK's «Callback API», a platform's name
}


class _Text(HTMLParser):
    # Scripts and styles are not read; <code> holds commands and codes, named as they are.
    SKIP = {"script", "style", "noscript", "template", "code", "kbd", "samp"}

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


URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|/[\w./?=&%-]*|\{[^{}]*\}")
TOKEN = re.compile(r"[A-Za-z0-9_.'-]*[A-Za-z][A-Za-z0-9_.'-]*")


def english_words(text: str, allowed: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Latin words that are not names, codes or URLs. A code is a token with a digit, an
    underscore, a dot or a hyphen in it (vk-seversk, 20261128-191819-574d21ce, created_at),
    a short abbreviation in capitals (CSV, MAX), or a `{placeholder}`."""
    found = []
    for match in TOKEN.finditer(URL.sub(" ", text)):
        token = match.group(0).strip(".'-")
        lower = token.lower()
        if len(token) < 2 or lower in ALLOWED or lower in allowed or token in allowed:
            continue
        if any(c.isdigit() or c in "_.-" for c in token):
            continue
        if token.isupper() and len(token) <= 5:
            continue
        found.append(token)
    return found
