import pytest

from otklik.triage.clean import Cleaner, clean
from otklik.triage.document import Doc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>Яма&nbsp;на дороге</p>", "Яма на дороге"),
        ("<p style='color:red'>Свет</p><p>не горит</p>", "Свет не горит"),
        ("[id123|Иван Петров], помогите!!!", "Иван Петров, помогите!"),
        ("Смотрите https://vk.com/wall-1_2 тут", "Смотрите тут"),
        ("Ёлки зелёные 😡😡", "Елки зеленые"),
        ("Когда???? уберут....", "Когда? уберут..."),
        ("СКОЛЬКО МОЖНО ЖДАТЬ РЕМОНТА", "сколько можно ждать ремонта"),
        ("Обращение в ЖКХ по МУП", "Обращение в ЖКХ по МУП"),
        ("&laquo;Горсвет&raquo; &amp; УК", "«Горсвет» & УК"),
    ],
)
def test_clean(text: str, expected: str) -> None:
    assert clean(text) == expected


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("<p>Здравствуйте,&nbsp;на ул. Советской 22</p>", "Советской"),
        ("[id1|Анна] пишет: яма", "Анна"),
        ("😡 <b>Темно</b> во дворе", "Темно"),
        ("Ёлка упала", "лка"),
    ],
)
def test_offsets_point_back_to_the_original(text: str, word: str) -> None:
    doc = Cleaner()(Doc(text))
    start = doc.clean.index(word)
    a, b = doc.original_span(start, start + len(word))
    assert doc.text[a:b] == word


def test_mentions_links_and_emoji_are_kept_aside() -> None:
    doc = Cleaner()(Doc("[id5|Ольга] см. www.example.ru 👍"))
    assert doc.mentions == ["Ольга"]
    assert doc.links == ["www.example.ru"]
    assert doc.emoji == ["👍"]


@pytest.mark.parametrize(
    "letters",
    ["", "ЯмаНаДороге", "ЖКХМУП", "ЁлкиЁё", "abcXYZ", "ЯмаΣίσυφος", "ǅǄǆ", "ЇжакІЄ", "ⒶⓑЯ", "ß"],
)
def test_upper_count_is_each_characters_isupper(letters) -> None:
    from otklik.triage.clean import upper_count

    assert upper_count(letters) == sum(map(str.isupper, letters))
