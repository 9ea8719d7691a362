"""Toxicity (insults, obscenity, threats — not anger) by rules; sensitive topics from `sensitive`.

Complaints are negative by nature: «безобразие», «сколько можно», «никто не работает» are not
toxic. Only obscene roots, insults aimed at people and threats are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from otklik.triage.document import Doc, Span
from otklik.triage.gate import Gated
from otklik.triage.sensitive import SensitiveTopics

_B = r"(?<![а-яa-z])"
# verb prefixes the obscene roots take («нахуй», «отпиздили», «проебали», «охуел»)
_PRE = r"(?:на|не|ни|по|о|об|за|от|вы|до|при|у|с|съ|раз|разъ|рас|пере|под|подъ|про|въ)?"
OBSCENE = _B + (
    r"(" + _PRE + r"х[уy*][йяеюи*]|хер(?:ня|ов|а(?![а-я]))|" + _PRE + r"п[иеi*][зс*][дж*]|"
    r"" + _PRE + r"[её*]б(?:а[нлт]|ну|л[аои]|ан|уч|ук|ыв)|долб[оа][её]б|"
    r"бл(?:я|ять|ядь|\*)(?![а-я])|сук[аиу](?![а-я])|муд[аоиеа]к|гондон|пидор|пидар|шлюх|"
    r"говн|жоп)"
)
INSULT = _B + (
    r"(идиот|дебил|дибил|кретин|имбецил|урод(?:ы|ина|ов|ам|ами|ище)?(?![а-я])|тварь|твари(?![а-я])|"
    r"мраз[ьиo]|мразот|ублюд|дегенерат|скотин|выродк|ничтожеств|дур[ао]к|дура(?![а-я])|"
    r"козл[ыа]|свинь[ия](?![а-я])|чмо|лох(?:и|ам)?(?![а-я])|быдл|гнид|мерзав|подон[оа]?к|"
    r"сволоч|падл[аы]|шалав|недоум|хохл|хохол)"
)
THREAT = _B + (
    r"(убью|убьем|прибью|пристрелю|зарежу|закопаю|сожгу|подожгу|взорву|порешу|"
    r"(?:ноги|руки|башку|голову) (?:оторву|переломаю|отверну)|"
    r"(?:тебе|вам) (?:конец|не жить|хана)|(?:я|мы) вас (?:найд|достан))"
)
_TOPICS = SensitiveTopics()
_KINDS = [
    ("obscenity", Gated(OBSCENE)),
    ("insult", Gated(INSULT)),
    ("threat", Gated(THREAT)),
]


@dataclass
class Toxicity:
    toxic: bool = False
    score: float = 0.0
    kinds: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


@dataclass
class ToxicityStep:
    """doc.results['toxicity'] = Toxicity(...); doc.results['sensitive'] = [topic, …]."""

    name: str = "toxicity"

    def assess(self, text: str) -> Toxicity:
        low = text.lower().replace("ё", "е")
        kinds, spans = [], []
        for kind, rx in _KINDS:
            for m in rx.finditer(low):
                spans.append(Span(m.start(), m.end(), text[m.start() : m.end()], kind))
                if kind not in kinds:
                    kinds.append(kind)
        weights = {"obscenity": 0.6, "insult": 0.7, "threat": 0.9}
        score = max((weights[k] for k in kinds), default=0.0)
        score = min(1.0, score + 0.1 * (len(spans) - 1)) if spans else 0.0
        return Toxicity(bool(kinds), round(score, 2), kinds, spans)

    def sensitive(self, text: str) -> list[str]:
        return _TOPICS(text)

    def __call__(self, doc: Doc) -> Doc:
        doc.results["toxicity"] = self.assess(doc.clean)
        doc.results["sensitive"] = self.sensitive(doc.clean)
        return doc
