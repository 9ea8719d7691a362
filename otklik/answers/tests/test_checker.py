"""The answer checker as a table of (text, expected warnings)."""

from __future__ import annotations

import pytest

from otklik.answers.checker import MAX_LENGTH, check

GOOD = "Отопление дадут 28.11 до 18:00; ответственный — мастер участка Петров И. И."

CASES: list[tuple[str, list[tuple[str, str]]]] = [
    (GOOD, []),
    ("", []),
    (
        "Ваше обращение будет рассмотрено в установленном порядке. Мастер Иванов, 1 декабря.",
        [("empty_phrase", "будет рассмотрено"), ("empty_phrase", "в установленном порядке")],
    ),
    (
        "В рамках компетенции будут приняты необходимые меры. Начальник отдела, завтра.",
        [
            ("empty_phrase", "В рамках компетенции"),
            ("empty_phrase", "будут приняты необходимые меры"),
        ],
    ),
    (
        "Ремонт выполним по мере финансирования, инженер Сидоров, до конца месяца.",
        [("empty_phrase", "по мере финансирования")],
    ),
    ("Работы начнутся 3 декабря.", [("no_person", "Работы начнутся 3 декабря.")]),
    ("Мастер приедет.", [("no_date", "Мастер приедет.")]),
    (
        "Жительница кв. 12 звонила с +7 (913) 123-45-67 и писала на anna@mail.ru. "
        "Мастер Петров, сегодня.",
        [
            ("personal_data", "кв. 12"),
            ("personal_data", "+7 (913) 123-45-67"),
            ("personal_data", "anna@mail.ru"),
        ],
    ),
    ("Квартира 5: мастер Петров И.И. придёт 2.12.", [("personal_data", "Квартира 5")]),
    ("Звоните 8-800-100-20-30, мастер Петров, в течение 2 дней.", []),  # the known hotline
    (
        "Обратитесь к Сидорову Петру Ивановичу, мастер придёт 2.12.",
        [("personal_name", "Сидорову Петру Ивановичу")],
    ),
    ("Сидоров Пётр Иванович придёт 2.12, мастер.", [("personal_name", "Сидоров Пётр Иванович")]),
    ("Ремонт у Анны Смирновой сделают 2.12, мастер.", [("personal_name", "Анны Смирновой")]),
    ("На ул. Карла Маркса мастер Петров И. И. починит 2.12.", []),  # a street, not a person
    (
        "Уважаемый заявитель! Проводятся мероприятия, мастер Петров, 2.12.",
        [("impersonal", "Уважаемый заявитель"), ("empty_phrase", "Проводятся мероприятия")],
    ),
    (
        "Уважаемые жители! Мероприятия будут проведены до 2.12, начальник участка.",
        [("impersonal", "Уважаемые жители"), ("empty_phrase", "Мероприятия будут проведены")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(text: str, expected: list[tuple[str, str]]) -> None:
    found = [(w.code, w.fragment(text)) for w in check(text, known_contacts=["8 800 100-20-30"])]
    assert found == expected


def test_the_residents_own_public_name_in_the_greeting_is_not_flagged() -> None:
    text = "Анна Петрова, здравствуйте! Мастер Петров И. И. придёт 2.12."
    assert [w.code for w in check(text)] == ["personal_name"]
    assert check(text, known_names=["Анна  Петрова"]) == []


def test_spans_point_into_the_text() -> None:
    text = "Заявка будет рассмотрена. Мастер, 01.12.2026."
    (warning,) = check(text)
    assert (warning.start, warning.end) == (7, 24)
    assert "рассмотрено" in warning.message


def test_length_is_a_warning_with_the_overflow_span() -> None:
    text = GOOD + " " + "Подробности работ." * 60
    warnings = check(text)
    assert [w.code for w in warnings] == ["too_long"]
    assert (warnings[0].start, warnings[0].end) == (MAX_LENGTH, len(text))
    assert check(text, max_length=5000) == []


def test_messages_are_russian() -> None:
    for warning in check("Будет рассмотрено. кв. 3" + "!" * MAX_LENGTH):
        assert any("а" <= ch <= "я" for ch in warning.message.lower())
