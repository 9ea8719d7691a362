"""The answer checker: what makes an official reply bad in a social network.

Pure Python, no Django. `check(text)` returns warnings with Russian messages and the character
span they point at; they are advice for the author and the press service, never a block.

    >>> [w.code for w in check("Вопрос будет рассмотрен в установленном порядке.")]
    ['empty_phrase', 'empty_phrase', 'no_date', 'no_person']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

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


def _normal(value: str) -> str:
    return re.sub(r"[^\w@.]", "", value.lower()).lstrip("+").replace("+7", "8")


def check(
    text: str, *, max_length: int = MAX_LENGTH, known_contacts: Iterable[str] = ()
) -> list[Warning]:
    """Phrase and personal-data warnings in text order, then whole-text ones.

    `known_contacts` (the department's phone, e-mail) are not flagged."""
    known = {_normal(c) for c in known_contacts if c}
    known |= {"8" + k[1:] for k in known if k.startswith("7")}
    warnings = sorted(
        [*_empty_phrases(text), *_personal_data(text, known)], key=lambda w: (w.start, w.end)
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
