"""Toxicity (insults, obscenity, threats — not anger) and sensitive topics, by rules.

Complaints are negative by nature: «безобразие», «сколько можно», «никто не работает» are not
toxic. Only obscene roots, insults aimed at people and threats are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from otklik.triage.document import Doc, Span
from otklik.triage.gate import Gated

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
SENSITIVE: dict[str, str] = {
    "politics": r"(выбор[ыа]|выборов|голосовани|путин|путл|путен|навальн|лукашенк|порошенк|"
    r"парашенк|зеленск|единая россия|единоросс|лдпр|кпрф|депутат|госдум|кремл|"
    r"митинг|протест|оппозиц|партия|партии|губернатор\w* в отставку|сво(?![а-я])|мобилизац|"
    r"(?<!ветеранов )(?<!ветеранам )(?<!ветераны )(?<!участник )(?<!участников )"
    r"(?<!отечественной )(?<!гражданской )(?<!после )войн[аеыу]|"
    r"майдан|донбасс|днр|лнр|ордло|всу(?![а-я])|нато(?![а-я])|укроп|хохл|рашк|русня|ватник|"
    r"либерал|коммунизм|фашизм|фашист|революц|госдеп|сепаратист)",
    "extremism": r"(террор|экстремис|джихад|игил|нацист|свастик|взорвать|теракт|исламист|"
    r"боевик|заложник|шахид|аллах акбар|талиб|погром|диверсант|диверсион|геноцид|"
    r"этническ\w* чистк|(?:убей|убить|перебить|перестрелять|вырезать) (?:всех|их))",
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
