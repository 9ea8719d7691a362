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

from otklik.triage.gate import Gated

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
