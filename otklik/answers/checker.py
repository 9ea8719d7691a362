"""The answer checker: what makes an official reply bad in a social network.

Pure Python, no Django (names are recognised with pymorphy3's dictionary: the Name, Surn and
Patr grammemes). `check(text)` returns warnings with Russian messages and the character span
they point at; they are advice for the author and the press service, never a block.

    >>> [w.code for w in check("Вопрос будет рассмотрен в установленном порядке.")]
    ['empty_phrase', 'empty_phrase', 'no_date', 'no_person']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: A reply longer than this reads as a letter, not as an answer under a post.
MAX_LENGTH = 1000

_FLAGS = re.IGNORECASE | re.UNICODE

#: Bureaucratese and empty phrases: each promises nothing a resident can check.
EMPTY_PHRASES: tuple[tuple[str, str], ...] = (
    (r"в\s+рамках\s+(?:своей\s+|нашей\s+)?компетенции", "в рамках компетенции"),
    (r"будет\s+рассмотрен[аоы]?\b", "будет рассмотрено"),
    (r"в\s+установленном\s+(?:законом\s+)?порядке", "в установленном порядке"),
    (
        r"(?:будут\s+)?принят[аоы]?\w*\s+(?:все\s+)?(?:необходимые\s+)?меры|принять\s+"
        r"(?:все\s+)?(?:необходимые\s+)?меры",
        "принять меры",
    ),
    (r"меры\s+будут\s+приняты", "меры будут приняты"),
    (r"по\s+мере\s+(?:поступления\s+)?финансирования", "по мере финансирования"),
    (r"в\s+плановом\s+порядке", "в плановом порядке"),
    (r"в\s+кратчайшие\s+сроки", "в кратчайшие сроки"),
    (r"(?:взят[аоы]?|находится)\s+на\s+контрол[еь]", "взято на контроль"),
    (r"проводится\s+(?:соответствующая\s+)?работа", "проводится работа"),
    (
        r"ведётся\s+(?:соответствующая\s+)?работа|ведется\s+(?:соответствующая\s+)?работа",
        "ведётся работа",
    ),  # fmt: skip
    (
        r"(?:проводятся|проводится|будут\s+проведены)\s+(?:все\s+)?(?:необходимые\s+|"
        r"соответствующие\s+|профилактические\s+)?мероприяти\w*"
        r"|мероприятия\s+(?:проводятся|будут\s+проведены|запланированы)",
        "проводятся мероприятия",
    ),
    (r"доводим\s+до\s+(?:вашего\s+)?сведения", "доводим до сведения"),
    (r"данн(?:ый|ая|ое|ые|ого|ому)\s+вопрос\w*", "данный вопрос"),
    (r"прорабатывается", "прорабатывается"),
    (r"по\s+возможности", "по возможности"),
)

MONTHS = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
DATE = re.compile(
    r"\b\d{1,2}\.\d{1,2}(?:\.\d{2,4})?\b"
    rf"|\b\d{{1,2}}\s+(?:{MONTHS})\b"
    r"|\b(?:сегодня|завтра|послезавтра)\b"
    r"|\bв\s+течение\s+(?:\d+|одного|двух|трёх|трех|пяти)\s+(?:рабоч\w+\s+)?(?:дн|час|сут)\w*"
    r"|\bдо\s+конца\s+(?:дня|недели|месяца)\b"
    r"|\bв\s+(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)\b",
    _FLAGS,
)
#: A responsible person: initials and surname, either order, or a position.
PERSON = re.compile(
    r"\b[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+|\b[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.", re.UNICODE
)
POSITION = re.compile(
    r"\b(?:начальник|директор|руководител|заместител|мастер|инженер|ответственн|бригадир"
    r"|прораб|специалист|подрядчик|глав[аы]\b)\w*",
    _FLAGS,
)
PHONE = re.compile(r"(?<![\d+])(?:\+7|8)[\s\-(]*\d{3}[\s\-)]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}(?!\d)")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", re.UNICODE)
FLAT = re.compile(r"\bкв(?:\.|артир[аеуы]|артиры)?\s*№?\s*\d+", _FLAGS)
#: «Уважаемый заявитель»: an address to nobody in particular.
IMPERSONAL = re.compile(
    r"\bуважаем\w*\s+(?:заявител\w*|гражданин\w*|гражданк\w*|жител\w*|жительниц\w*"
    r"|автор\w*(?:\s+обращени\w*)?|пользовател\w*|абонент\w*|подписчик\w*)",
    _FLAGS,
)
#: A run of two or three capitalised words: a candidate full name.
_WORD = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
NAME_RUN = re.compile(rf"{_WORD}(?:\s+{_WORD}){{1,2}}")
#: Words before a capitalised run that make it a street or an institution, not a person.
NOT_A_PERSON = re.compile(
    r"(?:\bул|\bулиц\w*|\bпр|\bпр-т|\bпроспект\w*|\bпер|\bпереул\w*|\bпл|\bплощад\w*"
    r"|\bбульвар\w*|\bб-р|\bшоссе|\bим|\bимени|\bсквер\w*|\bпарк\w*|\bшкол\w*"
    r"|\bгимнази\w*|\bмикрорайон\w*|\bмкр)\.?\s*$",
    _FLAGS,
)
ROLES = ("Surn", "Name", "Patr")
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@dataclass(frozen=True)
class Warning:
    code: str
    message: str
    start: int
    end: int

    def fragment(self, text: str) -> str:
        return text[self.start : self.end]


def _empty_phrases(text: str) -> Iterator[Warning]:
    for pattern, label in EMPTY_PHRASES:
        for match in re.finditer(pattern, text, _FLAGS):
            yield Warning(
                "empty_phrase",
                f"Канцелярит: «{label}» ничего не обещает жителю — скажите, что и когда сделают",
                match.start(),
                match.end(),
            )


def _personal_data(text: str, known: set[str]) -> Iterator[Warning]:
    kinds = (
        (PHONE, "Номер телефона"),
        (EMAIL, "Адрес электронной почты"),
        (FLAT, "Номер квартиры"),
    )
    for pattern, label in kinds:
        for match in pattern.finditer(text):
            if _normal(match.group()) in known:
                continue
            yield Warning(
                "personal_data",
                f"{label} в публичном ответе: не персональные ли это данные жителя?",
                match.start(),
                match.end(),
            )


def _impersonal(text: str) -> Iterator[Warning]:
    for match in IMPERSONAL.finditer(text):
        yield Warning(
            "impersonal",
            "Безличное обращение: назовите жителя по имени, если оно видно на площадке, "
            "или начните просто со «Здравствуйте»",
            match.start(),
            match.end(),
        )


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=4096)
def _name_roles(word: str) -> frozenset[tuple[str, str]]:
    """(role, case) pairs the word can be as part of a person's name: Surn/Name/Patr."""
    found = set()
    for parse in _morph().parse(word):
        tag = parse.tag
        if parse.score < 0.01:
            continue
        for role in ROLES:
            if role in tag and tag.case in CASES:
                found.add((role, tag.case))
    return frozenset(found)


def _is_full_name(words: list[str]) -> bool:
    """Surname and first name, first name and patronymic, or all three, agreeing in case."""
    roles = [_name_roles(w) for w in words]
    for case in CASES:
        options = [{r for r, c in found if c == case} for found in roles]
        if not all(options):
            continue
        for combo in _combinations(options):
            if len(set(combo)) == len(combo) and "Name" in combo:
                return True
    return False


def _combinations(options: list[set[str]]) -> Iterator[tuple[str, ...]]:
    if not options:
        yield ()
        return
    for first in options[0]:
        for rest in _combinations(options[1:]):
            yield (first, *rest)


def _full_names(text: str, known: set[str]) -> Iterator[Warning]:
    for match in NAME_RUN.finditer(text):
        words = match.group().split()
        if NOT_A_PERSON.search(text[max(0, match.start() - 20) : match.start()]):
            continue
        for size in range(len(words), 1, -1):  # the longest name in the run
            for start in range(0, len(words) - size + 1):
                part = words[start : start + size]
                if " ".join(part).lower() in known or not _is_full_name(part):
                    continue
                offset = match.start() + len(" ".join(words[:start])) + (1 if start else 0)
                end = offset + len(" ".join(part))
                yield Warning(
                    "personal_name",
                    "Полное имя человека в публичном ответе: если это житель или другой "
                    "человек — уберите его; ответственного назовите должностью и фамилией с "
                    "инициалами",
                    offset,
                    end,
                )
                break
            else:
                continue
            break


def _normal(value: str) -> str:
    return re.sub(r"[^\w@.]", "", value.lower()).lstrip("+").replace("+7", "8")


def check(
    text: str,
    *,
    max_length: int = MAX_LENGTH,
    known_contacts: Iterable[str] = (),
    known_names: Iterable[str] = (),
) -> list[Warning]:
    """Phrase and personal-data warnings in text order, then whole-text ones.

    `known_contacts` (the department's phone, e-mail) and `known_names` (the resident's name as
    the platform shows it, used in the greeting) are not flagged."""
    known = {_normal(c) for c in known_contacts if c}
    known |= {"8" + k[1:] for k in known if k.startswith("7")}
    names = {" ".join(n.lower().split()) for n in known_names if n}
    warnings = sorted(
        [
            *_empty_phrases(text),
            *_impersonal(text),
            *_personal_data(text, known),
            *_full_names(text, names),
        ],
        key=lambda w: (w.start, w.end),
    )
    body = text.strip()
    if body and not DATE.search(text):
        warnings.append(
            Warning("no_date", "Нет конкретного срока: когда проблему решат?", 0, len(text))
        )
    if body and not (PERSON.search(text) or POSITION.search(text)):
        warnings.append(
            Warning("no_person", "Не назван ответственный: кто отвечает за работы?", 0, len(text))
        )
    if len(text) > max_length:
        warnings.append(
            Warning(
                "too_long",
                f"Слишком длинно для соцсети: {len(text)} знаков при норме до {max_length}",
                max_length,
                len(text),
            )
        )
    return warnings
