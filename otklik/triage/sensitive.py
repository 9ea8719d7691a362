"""Sensitive topics (politics, extremism, religion, ethnicity, crime) by lexicons.

A message the press service must not answer as routine. Each topic is one gated regex over the
clean lower-cased text; politics also fires on two different *weak* words (a country and an
army, a slur and a nation), which alone are too common to mean politics.

Chosen on s-nlp sensitive-topics `v1_crowdsource_only.csv` without the texts of `v1_val.csv`
and `v1_test.csv` (the crowd file holds every one of them) and on `v1_val.csv`; reported on
`v1_test.csv`. The municipal words that look political («Коммунистический проспект»,
«несанкционированная свалка», «ул. Красной Армии», «а/д Крым», «как после войны») are table
tests.
"""

from __future__ import annotations

import logging

import numpy as np

from otklik.triage.document import Doc
from otklik.triage.gate import Gated

log = logging.getLogger(__name__)

_B = r"(?<![а-яa-z])"  # a word starts here: «асад» is not in «фасад»
_WAR = (
    r"(?<!ветеранов )(?<!ветеранам )(?<!ветераны )(?<!участник )(?<!участников )"
    r"(?<!отечественной )(?<!гражданской )(?<!после )войн[аеыу]"
)
_POLITICS = [
    # people
    "путин", "путл", "путен", "навальн", "лукашенк", "порошенк", "парашенк", "зеленск", "трамп",
    "обам", "байден", "меркел", "асад", "эрдоган", "сталин", "гитлер",
    # parties, elections, protest
    "единая россия", "единоросс", "лдпр", "кпрф", "депутат", "госдум", "кремл", "митинг",
    "оппозиц", r"губернатор\w* в отставку", "сво(?![а-я])", "мобилизац",
    "выбор(?:ы|ах|ов|ам)(?![а-я])", "голосовани", "партия", "партии",
    # war, states, blocs
    _WAR, "майдан", "донбас", "днр", "лнр", "ордло", "всу(?![а-я])", "нато(?![а-я])", "иран",
    "сири[ияюй]", "турци", "курд", "израил", "сша(?![а-я])", "украин",
    "(?<!а/д )(?<!трасса )(?<!трассе )крым", "ссср", "совк", r"совет\w+ союз", "импери",
    "(?<!-)запад(?:н|а(?![а-я])|у(?![а-я])|ом(?![а-я])|е(?![а-я]))",  # not «северо-запада»
    "(?<!красной )арми[яиюе]", "войск", "воева", "оккупа", "оккупир", "союзник", "боевик",
    "теракт", "сепаратист",
    # ideas and institutions
    "либерал", "коммунизм", "капитализ", "социализ", "фашизм", "революц", "госдеп", "политик",
    "политич", "президент(?!ск)", "государств(?!енн)", "патриот", "коррупц", "сми(?![а-я])",
    "санкци(?!онир)", "ввп(?![а-я])",
    "власт(?:ь|и|ям|ями)(?![а-я])(?<!органы власти)(?<!органов власти)(?<!органам власти)",
]  # fmt: skip
# politics when two different ones occur; one alone is as often racism, history or a street
_POLITICS_WEAK = [
    "хохл", "хохол", "рашк", "русн", "америк", "пиндос", "ирак", "фронт", "пропаганд",
    "террорист", "ракет", "бомб", "националист", "фашист", "ватник", "укроп", "танк",
    "стран[аеуы]", "немц", "немец", "протест", "нацист", "солдат", "военн", "евре[ийя]", "поляк",
    "татар", "герой", "экономик", "нефт", "германи", "франци", "турок", "араб", "чечен", "чечн",
    "москал", "кавказ", "белорус", "росси", "русск", "народ",
]  # fmt: skip
SENSITIVE: dict[str, str] = {
    "politics": _B + "(?:" + "|".join(_POLITICS) + ")",
    "extremism": r"(террор|экстремис|джихад|игил|нацист|свастик|взорвать|теракт|исламист|"
    r"боевик|заложник|шахид|аллах акбар|талиб|погром|диверсант|диверсион|геноцид|"
    r"этническ\w* чистк|(?:убей|убить|перебить|перестрелять|вырезать) (?:всех|их))",
    "religion": r"(религи|церк[вою]|мечет|ислам|православн|священник)",
    "ethnicity": r"(нерусск|мигрант\w* (понаех|вон)|черножоп|хач|чурк)",
    "crime": r"(наркот|закладк|взятк|коррупц|украли бюджет)",
}
WEAK: dict[str, list[str]] = {"politics": [_B + "(?:" + w + ")" for w in _POLITICS_WEAK]}


class SensitiveTopics:
    """The topics of a text: ['politics', …] in SENSITIVE's order."""

    def __init__(self) -> None:
        self.strong = {k: Gated(v) for k, v in SENSITIVE.items()}
        self.weak = {k: [Gated(rx) for rx in v] for k, v in WEAK.items()}

    def __call__(self, text: str) -> list[str]:
        low = text.lower()
        return [k for k, rx in self.strong.items() if rx.search(low) or self._two_weak(k, low)]

    def _two_weak(self, kind: str, low: str) -> bool:
        found = 0
        for rx in self.weak.get(kind, ()):
            if rx.search(low):
                found += 1
                if found == 2:
                    return True
        return False


# -- the learnt politics head (trained by the user, never shipped: see the README) ---------------

LEXICON_MARGIN = 1.0  # what a lexicon hit adds to the politics head's margin (chosen on CV)
POLITICS = "1"  # the head's positive label (the set's `politics` column, > 0.5 = 1)


def politics_score(margin: float | np.ndarray, lexicon: bool | np.ndarray) -> float | np.ndarray:
    """One score for the head and the lexicon: the head's margin plus the lexicon's vote."""
    return margin + LEXICON_MARGIN * np.asarray(lexicon, dtype=float)


def politics_cut(score: np.ndarray, y: np.ndarray, target: float) -> float:
    """The lowest cut whose out-of-fold precision reaches `target` (the most recall there).

    The press service's head must see these messages before anyone answers, so the cut is
    an operating point (recall at a precision), chosen on out-of-fold scores only."""
    order = np.argsort(-score, kind="stable")
    hits = np.cumsum(y[order])
    precision = hits / np.arange(1, len(score) + 1)
    ok = np.flatnonzero((precision >= target) & (np.arange(len(score)) >= 4))
    if not len(ok):
        return float(score.max()) + 1e-6
    best = ok[np.argmax(hits[ok])]
    return float(score[order][best])


class PoliticsStep:
    """With a trained `politics` head: politics when the head's margin plus the lexicon's vote
    reaches the head's cross-validated cut (`threshold`); other topics stay the lexicon's."""

    name = "politics"

    def __init__(self, temperature: float, cut: float) -> None:
        # margin + vote ≥ cut, as the probability the head must give (its top-k is rounded)
        self.need = {
            lexicon: float(1 / (1 + np.exp(-temperature * (cut - politics_score(0.0, lexicon)))))
            for lexicon in (False, True)
        }

    def decide(self, p: float, lexicon: bool) -> bool:
        return p >= self.need[lexicon] - 5e-5

    def __call__(self, doc: Doc) -> Doc:
        top = doc.results.get("politics")
        if not top:
            return doc
        p = next((prob for label, prob in top if label == POLITICS), 0.0)
        found = list(doc.results.get("sensitive", []))
        lexicon = "politics" in found
        if self.decide(p, lexicon) != lexicon:
            found = [k for k in found if k != "politics"] if lexicon else ["politics", *found]
        doc.results["sensitive"] = found
        return doc


def politics_threshold(
    docs: list[Doc], scores: np.ndarray, y: np.ndarray, weights: np.ndarray | None, target: float
) -> float:
    """The politics head's cut on out-of-fold scores (classes '0', '1'), lexicon included.

    Rows weighted under 1 (auxiliary, e.g. labels another classifier gave) train the head but
    do not choose the cut: it is set on the human-labelled rows only."""
    topics = SensitiveTopics()
    lexicon = np.array(["politics" in topics(d.clean) for d in docs], dtype=bool)
    keep = np.ones(len(y), dtype=bool) if weights is None else weights >= 1
    score, flag = politics_score(scores[:, 1] - scores[:, 0], lexicon)[keep], (y == 1)[keep]
    cut = politics_cut(score, flag, target)
    hit = score >= cut
    log.info(
        "politics: cut %.3f, out-of-fold precision %.3f, recall %.3f (%d rows; lexicon alone %.3f"
        " / %.3f)",
        cut, (hit & flag).sum() / max(hit.sum(), 1), (hit & flag).sum() / max(flag.sum(), 1),
        len(flag), (lexicon[keep] & flag).sum() / max(lexicon[keep].sum(), 1),
        (lexicon[keep] & flag).sum() / max(flag.sum(), 1),
    )  # fmt: skip
    return cut
