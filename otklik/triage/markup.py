"""How the message was typed in: the markup the clean text no longer shows, as tokens.

A portal's rich-text editor leaves `<p>`, `&nbsp;` and inline styles; a phone app or a social
network sends plain text. The intake channel tells a router something the words do not (which
desk took the appeal at the time), so the routing heads take these tokens with
`Recipe(extra=("markup",))`. doc.results['markup'] = ['nbsp', 'p'] or ['plain'].
"""

from __future__ import annotations

from otklik.triage.document import Doc

# token → the literal that marks it (lower-cased original text)
MARKERS = (
    ("p", "<p"),
    ("br", "<br"),
    ("nbsp", "&nbsp;"),
    ("style", "style="),
    ("div", "<div"),
    ("span", "<span"),
    ("entity", "&quot;"),
)


class Markup:
    name = "markup"

    def tokens(self, text: str) -> list[str]:
        if "<" not in text and "&" not in text:
            return ["plain"]
        low = text.lower()
        found = [token for token, literal in MARKERS if literal in low]
        return found or ["plain"]

    def __call__(self, doc: Doc) -> Doc:
        doc.results["markup"] = self.tokens(doc.text)
        return doc
