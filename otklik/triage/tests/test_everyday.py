"""Everyday wording of the commonest complaints: the urgency and the address a moderator expects.

A street light that does not burn is not a fire; a house written before its street, after a
street type or beside a flat number is still the house."""

from __future__ import annotations

import pytest

from otklik.triage.clean import Cleaner
from otklik.triage.document import Doc
from otklik.triage.tests.test_territory import matcher  # noqa: F401 (a fixture)
from otklik.triage.urgency import UrgencyStep

URGENCY = UrgencyStep()


@pytest.mark.parametrize(
    ("text", "priority", "reason"),
    [
        # street lights
        ("Не горит фонарь у подъезда", "normal", "не работает освещение"),
        ("не горят фонари во дворе, темно", "normal", "не работает освещение"),
        ("Свет в подъезде не горит неделю", "normal", "не работает освещение"),
        ("Фонари горят весь день, зачем?", "normal", None),
        ("горит свет на лестнице днём", "normal", None),
        # fire stays a fire
        ("Горит дом на Ленина!", "critical", "пожар"),
        ("в подвале горит мусор, дым", "critical", "пожар"),
        ("горят сухая трава у домов", "critical", "пожар"),
        # heating
        ("В квартире холодно, батареи чуть тёплые", "high", "нет отопления в мороз"),
        ("Батареи ледяные, дома +14", "high", "нет отопления в мороз"),
        # water
        ("Нет горячей воды третий день", "high", "нет воды"),
        ("Прорвало трубу в подвале, всё затопило", "high", "затопление"),
        ("Из крана течёт ржавая вода", "normal", None),
        # snow and ice
        ("Во дворе не чистят снег", "normal", None),
        ("На тротуаре гололёд, люди падают", "high", "гололёд"),
        ("Скользко у остановки, не посыпают", "high", "гололёд"),
        ("С крыши свисают сосульки над входом", "high", "сосульки и наледь"),
        ("Спасибо за уборку снега!", "normal", None),
    ],
)
def test_urgency(text: str, priority: str, reason: str | None) -> None:
    found = URGENCY.assess(text.lower(), {})
    assert found.priority == priority
    assert (reason in found.reasons) if reason else found.reasons == []


@pytest.mark.parametrize(
    ("text", "street", "house"),
    [
        ("улица Калинина, 52 не горит фонарь", "улица Калинина", "52"),
        ("Калинина, 52", "улица Калинина", "52"),
        ("дом 52 по улице Калинина", "улица Калинина", "52"),
        ("д. 7 по Ленина течёт крыша", "улица Ленина", "7"),
        ("Коммунистический пр. 45, яма", "Коммунистический проспект", "45"),
        ("пр. Коммунистический, д. 45 кв 3", "Коммунистический проспект", "45"),
        ("ул. Мира 5 к2 нет света", "улица Мира", "5к2"),
    ],
)
def test_address(matcher, lemmatizer, text: str, street: str, house: str) -> None:  # noqa: F811
    doc = lemmatizer(Cleaner()(Doc(text)))
    matcher(doc)
    got = [(s.value["name"], s.value.get("house")) for s in doc.results["address"]]
    assert got == [(street, house)]
