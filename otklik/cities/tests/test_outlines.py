"""Territory outlines and gazetteer coordinates in the city file: they load, each centre and each
street lies inside its territory's outline, and a malformed outline fails the load clearly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from otklik.cities.config import CITIES_DIR, load_city_config
from otklik.cities.loader import CityConfigError, load_city
from otklik.cities.models import Landmark, Street, Territory
from otklik.cities.outlines import parse_outline

SETTLEMENTS = ("samus", "orlovka", "kizhirovo", "chernilshchikovo", "semiozerki", "iglakovo")
MICRODISTRICTS = ("center", "north", "south", "chekist", "promzona")


def seversk_raw() -> dict[str, Any]:
    return json.loads((CITIES_DIR / "seversk.json").read_text(encoding="utf-8"))


def inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    crossings = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            crossings = not crossings
    return crossings


def test_every_named_territory_has_an_outline_around_its_centre() -> None:
    territories = {t["code"]: t for t in seversk_raw()["territories"]}
    for code in (*SETTLEMENTS, *MICRODISTRICTS, "seversk"):
        entry = territories[code]
        rings = parse_outline(entry["outline"])
        assert rings[0][0] == rings[0][-1], code
        assert inside(entry["lon"], entry["lat"], rings[0]), code


def test_streets_and_landmarks_lie_in_their_territory() -> None:
    raw = seversk_raw()
    outlines = {t["code"]: t["outline"][0] for t in raw["territories"] if t.get("outline")}
    placed = 0
    for entry in [*raw["streets"], *raw["landmarks"]]:
        if "lat" not in entry or entry.get("territory") not in outlines:
            continue
        assert inside(entry["lon"], entry["lat"], outlines[entry["territory"]]), entry["name"]
        placed += 1
    assert placed > 40


@pytest.mark.django_db
def test_outlines_and_coordinates_load() -> None:
    load_city(load_city_config("seversk"))
    samus = Territory.objects.get(code="samus")
    assert samus.outline[0][0] == samus.outline[0][-1]
    assert 84.6 < samus.outline[0][0][0] < 84.8  # longitude first, as in GeoJSON
    assert Territory.objects.get(code="dachi").outline == []
    mira = Street.objects.get(name="Мира", street_type="улица")
    assert (round(mira.latitude), round(mira.longitude)) == (57, 85)
    assert Landmark.objects.get(name="Ледовая арена").latitude is not None
    again = load_city(load_city_config("seversk"))
    assert again.updated == 0


@pytest.mark.django_db
def test_an_open_ring_is_closed_and_population_loads(tmp_path: Path) -> None:
    raw = seversk_raw()
    raw["territories"][-1]["outline"] = [[[84.8, 56.6], [84.81, 56.6], [84.81, 56.61]]]
    raw["territories"][-1]["population"] = 1200
    path = tmp_path / "city.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    load_city(load_city_config(str(path)))
    last = Territory.objects.get(code=raw["territories"][-1]["code"])
    assert last.outline == [[[84.8, 56.6], [84.81, 56.6], [84.81, 56.61], [84.8, 56.6]]]
    assert last.population == 1200


@pytest.mark.parametrize(
    ("outline", "words"),
    [
        ([[[84.8, 56.6], [84.8, 56.6], [84.81, 56.6]]], "меньше трёх"),
        ([[[56.6, 184.8], [56.7, 84.8], [56.6, 84.9]]], "вне земного шара"),
        ([[[84.8, "север"], [84.81, 56.6], [84.81, 56.61]]], "числами"),
        ("84.8 56.6", "списком колец"),
    ],
)
def test_a_bad_outline_fails_the_load(tmp_path: Path, outline: Any, words: str) -> None:
    raw = seversk_raw()
    raw["territories"][2]["outline"] = outline
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CityConfigError, match=words) as caught:
        load_city(load_city_config(str(path)))
    assert raw["territories"][2]["code"] in str(caught.value)
