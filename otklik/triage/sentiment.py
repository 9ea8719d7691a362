"""Sentiment (negative / neutral / positive / thanks): a learnt head when trained, else rules."""

from __future__ import annotations

from dataclasses import dataclass

from otklik.triage.document import Doc
from otklik.triage.gate import Gated

_THANKS = Gated(r"(спасиб|благодар|признательн)")
_NEG = Gated(
    r"(безобрази|ужас|кошмар|позор|сколько можно|надоел|возмут|отврат|невозможно|бардак|"
    r"не работает|никто не|жалоб|плох|хуже|беспредел|издевательств|сломан|грязь|вонь|яма)"
)
_POS = Gated(r"(отлично|прекрасн|молодц|здорово|хорош|рад[аы]? |нравится|красив|класс)")


@dataclass
class SentimentStep:
    """doc.results['sentiment'] = label (from the 'sentiment' head if the pipeline has one)."""

    name: str = "sentiment"

    def rules(self, text: str) -> str:
        low = text.lower()
        neg = len(_NEG.findall(low))
        if _THANKS.search(low) and neg == 0:
            return "thanks"
        pos = len(_POS.findall(low))
        if neg > pos:
            return "negative"
        return "positive" if pos > neg else "neutral"

    def __call__(self, doc: Doc) -> Doc:
        if "sentiment" not in doc.results:
            doc.results["sentiment"] = self.rules(doc.clean)
        return doc
