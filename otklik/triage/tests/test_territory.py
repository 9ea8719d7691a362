import pytest

from otklik.triage.clean import Cleaner
from otklik.triage.document import Doc
from otklik.triage.territory import Gazetteer, TerritoryMatcher

CITY = {
    "territories": [
        {"name": "Самусь", "aliases": ["пос. Самусь"]},
        {"name": "Центральный микрорайон", "aliases": ["Центр"]},
        {"name": "Орловка"},
    ],
    "streets": [
        {"name": "улица Советская", "territory": "Центральный микрорайон"},
        {"name": "Коммунистический проспект", "territory": "Центральный микрорайон"},
        {"name": "улица Мира", "territory": "Центральный микрорайон"},
        {"name": "улица Ленина", "territory": "Центральный микрорайон"},
        {"name": "улица Калинина", "territory": "Самусь"},
    ],
    "landmarks": [
        {"name": "Школа № 76", "aliases": ["76 школа"], "territory": "Центральный микрорайон"},
    ],
}


@pytest.fixture(scope="module")
def matcher(lemmatizer) -> TerritoryMatcher:
    return TerritoryMatcher(Gazetteer.from_city_dict(CITY, lemmatizer.tokenize))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Яма на Советской 22, уже месяц", [("улица Советская", "22")]),
        ("пр-т Коммунистический, 120 нет света", [("Коммунистический проспект", "120")]),
        ("Коммунистическому проспекту нужен ремонт", [("Коммунистический проспект", None)]),
        ("На улице Мира д. 5а течет крыша", [("улица Мира", "5а")]),
        ("на ул.Ленина,12/1 сломана лавка", [("улица Ленина", "12/1")]),
        ("в Самуси не ходит автобус", [("Самусь", None)]),
        ("возле 76-й школы стая собак", [("Школа № 76", None)]),
        ("у школы №76 нет перехода", [("Школа № 76", None)]),
        ("мир во всем мире", []),
        ("Советская власть давно кончилась", []),
        ("Калинина 5 не убирают снег", [("улица Калинина", "5")]),
    ],
)
def test_addresses(matcher, lemmatizer, text, expected) -> None:
    doc = lemmatizer(Cleaner()(Doc(text)))
    matcher(doc)
    got = [(s.value["name"], s.value.get("house")) for s in doc.results["address"]]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "territory"),
    [
        ("Калинина 5 не убирают снег", ["Самусь"]),
        ("на Советской 3 яма", ["Центральный микрорайон"]),
        ("просто жалоба", []),
    ],
)
def test_territory_of_the_address(matcher, lemmatizer, text, territory) -> None:
    doc = matcher(lemmatizer(Cleaner()(Doc(text))))
    assert doc.results["territory"] == territory


def test_landmark_at_the_very_end_of_a_text() -> None:
    from otklik.triage.clean import Cleaner
    from otklik.triage.document import Doc
    from otklik.triage.lemmas import Lemmatizer
    from otklik.triage.territory import Gazetteer, TerritoryMatcher

    lem = Lemmatizer()
    gaz = Gazetteer.from_city_dict(
        {"landmarks": [{"name": "Школа 76", "territory": "center"}]},
        lem.tokenize,
    )
    doc = TerritoryMatcher(gaz)(lem(Cleaner()(Doc("яма у школы 76"))))
    assert doc.results["territory"] == ["center"]


SEVERSK_LIKE = {
    "territories": [
        {"code": "seversk", "name": "Северск", "kind": "city"},
        {"code": "samus", "name": "посёлок Самусь", "kind": "settlement", "aliases": ["Самусь"]},
    ],
    "streets": [
        {"name": "Строителей", "type": "улица", "territory": None},
        {"name": "Судостроительная", "type": "улица", "territory": "samus"},
    ],
    "landmarks": [
        {"name": "Здание администрации", "aliases": ["администрация", "мэрия"], "territory": "c"},
    ],
}


@pytest.mark.parametrize(
    ("text", "territory"),
    [
        ("брошенный гараж п. Самусь, разбирают на металл", ["samus"]),  # a code, not a name
        ("Горка Строителей 93 треснула", ["seversk"]),  # a street with no district: the city
        ("Судостроительная 21 подтопило", ["samus"]),
        ("вопрос к администрации: свалка в лесу", []),  # addressing it names no place
        ("ответ от мэрии так и не пришёл", []),
        ("яма возле администрации", ["c"]),
        ("парковка рядом с мэрией забита", ["c"]),
    ],
)
def test_territory_codes_city_default_and_landmark_context(lemmatizer, text, territory) -> None:
    matcher = TerritoryMatcher(Gazetteer.from_city_dict(SEVERSK_LIKE, lemmatizer.tokenize))
    doc = matcher(lemmatizer(Cleaner()(Doc(text))))
    assert doc.results["territory"] == territory
