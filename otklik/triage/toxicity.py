"""Toxicity (insults, obscenity, threats — not anger) and sensitive topics, by rules.

Complaints are negative by nature: «безобразие», «сколько можно», «никто не работает» are not
toxic. Only obscene roots, insults aimed at people and threats are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from otklik.triage.document import Doc, Span
from otklik.triage.gate import Gated

_B = r"(?<![а-яa-z])"
OBSCENE = _B + (
    r"(х[уy*][йяеюи*]|хер(?:ня|ов)|п[иеi*][зс*][дж*]|[её*]б(?:а[нлт]|ну|л[аои]|ан|уч|ук)|"
    r"заеб|наеб|уеб|выеб|долбо[её]б|бл(?:я|ять|ядь|\*)(?![а-я])|сук[аиу](?![а-я])|"
    r"муд[аоиеа]к|гондон|пидор|пидар|шлюх)"
)
INSULT = _B + (
    r"(идиот|дебил|кретин|имбецил|урод(?:ы|ина)?(?![а-я])|тварь|твари(?![а-я])|мраз[ьи]|"
    r"ублюд|дегенерат|скотин|выродк|ничтожеств|дур[ао]к|дура(?![а-я])|козл[ыа]|"
    r"свинь[ия](?![а-я])|чмо|лох(?:и|ам)?(?![а-я])|быдл)"
)
THREAT = _B + (
    r"(убью|убьем|прибью|пристрелю|зарежу|закопаю|сожгу|подожгу|взорву|порешу|"
    r"(?:ноги|руки|башку|голову) (?:оторву|переломаю|отверну)|"
    r"(?:тебе|вам) (?:конец|не жить|хана)|(?:я|мы) вас (?:найд|достан))"
)
SENSITIVE: dict[str, str] = {
    "politics": r"(выбор[ыа]|выборов|голосовани|путин|навальн|единая россия|депутат|митинг|"
    r"оппозиц|партия|губернатор\w* в отставку|сво(?![а-я])|мобилизац|войн[аеы])",
    "extremism": r"(террор|экстремис|джихад|игил|нацист|свастик|взорвать|теракт)",
    "religion": r"(религи|церк[вою]|мечет|ислам|православн|священник)",
    "ethnicity": r"(нерусск|мигрант\w* (понаех|вон)|черножоп|хач|чурк)",
    "crime": r"(наркот|закладк|взятк|коррупц|украли бюджет)",
}
_KINDS = [
    ("obscenity", Gated(OBSCENE)),
    ("insult", Gated(INSULT)),
    ("threat", Gated(THREAT)),
]
_SENSITIVE = {k: Gated(v) for k, v in SENSITIVE.items()}


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
        low = text.lower()
        return [k for k, rx in _SENSITIVE.items() if rx.search(low)]

    def __call__(self, doc: Doc) -> Doc:
        doc.results["toxicity"] = self.assess(doc.clean)
        doc.results["sensitive"] = self.sensitive(doc.clean)
        return doc
