"""The section hook: a section registered by an app above cities is validated before anything is
written, loaded after the core reference data in the same transaction, and counted in the report."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from otklik.cities.config import CITIES_DIR, load_city_config
from otklik.cities.loader import CityConfigError, load_city, upsert
from otklik.cities.models import Landmark, Territory
from otklik.cities.sections import register_section, registered_sections, unregister_section

NAME = "test_pins"
seen: dict[str, Any] = {}


def validate(entries: list[dict[str, Any]], codes: dict[str, set[str]]) -> None:
    for index, entry in enumerate(entries):
        if entry.get("territory") not in codes["territories"]:
            raise ValueError(f"{NAME}[{index}] has territory {entry.get('territory')!r}")


def load(entries: list[dict[str, Any]], rows: dict[str, dict[str, Any]]) -> list[Any]:
    seen["rows"] = rows
    return [
        upsert(Landmark, {"name": e["name"]}, {"territory": rows["territories"][e["territory"]]})
        for e in entries
    ]


@pytest.fixture
def pins() -> Iterator[None]:
    register_section(NAME, label="метки", validate=validate, load=load)
    yield
    unregister_section(NAME)
    seen.clear()


def write_city(tmp_path: Path, entries: list[dict[str, Any]]) -> Path:
    raw = json.loads((CITIES_DIR / "seversk.json").read_text(encoding="utf-8"))
    raw[NAME] = entries
    path = tmp_path / "pins.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


def test_registering_twice_keeps_one_handler(pins: None) -> None:
    register_section(NAME, label="метки", validate=validate, load=load)
    assert [s.name for s in registered_sections()].count(NAME) == 1


@pytest.mark.django_db
def test_a_registered_section_is_loaded_after_the_core(pins: None, tmp_path: Path) -> None:
    path = write_city(tmp_path, [{"name": "Метка у пруда", "territory": "samus"}])
    report = load_city(load_city_config(str(path)))
    assert Landmark.objects.get(name="Метка у пруда").territory.code == "samus"
    assert set(seen["rows"]) == {"territories", "departments", "categories"}
    assert report.sections[NAME].created == 1
    assert "метки: создано 1, обновлено 0, без изменений 0" in report.lines()
    again = load_city(load_city_config(str(path)))
    assert again.sections[NAME].unchanged == 1


@pytest.mark.django_db
def test_a_bad_registered_section_fails_the_whole_load(pins: None, tmp_path: Path) -> None:
    path = write_city(tmp_path, [{"name": "Метка", "territory": "atlantis"}])
    with pytest.raises(CityConfigError, match=r"pins\.json: test_pins\[0\] has territory"):
        load_city(load_city_config(str(path)))
    assert Territory.objects.count() == 0  # nothing written


@pytest.mark.django_db
def test_a_failing_load_rolls_back_the_core(pins: None, tmp_path: Path) -> None:
    path = write_city(tmp_path, [{"name": "Метка", "territory": "samus"}, {"territory": "samus"}])
    with pytest.raises(KeyError):
        load_city(load_city_config(str(path)))
    assert Territory.objects.count() == 0
