"""The city loader: the shipped files load, reload idempotently, and bad references fail clearly;
the demo corpus only names codes that the Seversk file defines."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from otklik.cities.config import CITIES_DIR, load_city_config
from otklik.cities.loader import SECTIONS, CityConfigError, load_city
from otklik.cities.models import Category, Department, Landmark, Street, Territory
from otklik.sources.rows import row_to_record

DEMO = Path(__file__).resolve().parents[2] / "demo" / "data" / "messages.jsonl"


def seversk_raw() -> dict[str, Any]:
    return json.loads((CITIES_DIR / "seversk.json").read_text(encoding="utf-8"))


def demo_rows() -> list[dict[str, Any]]:
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def write_city(tmp_path: Path, raw: dict[str, Any], name: str = "broken.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_seversk_loads_every_section() -> None:
    raw = seversk_raw()
    report = load_city(load_city_config("seversk"))
    assert report.sections["territories"].created == len(raw["territories"])
    assert Territory.objects.count() == len(raw["territories"])
    assert Department.objects.count() == len(raw["departments"])
    assert Category.objects.count() == len(raw["categories"])
    assert Street.objects.count() == len(raw["streets"])
    assert Landmark.objects.count() == len(raw["landmarks"])
    samus = Territory.objects.get(code="samus")
    assert samus.parent is not None and samus.parent.code == "zato"
    assert Category.objects.get(code="zhkh-heating").default_department.code == "teplo"


@pytest.mark.django_db
def test_reloading_changes_nothing() -> None:
    config = load_city_config("seversk")
    load_city(config)
    again = load_city(config)
    assert again.created == 0
    assert again.updated == 0
    assert set(SECTIONS) < set(again.sections)  # the core ones and every registered one
    assert all(again.sections[name].unchanged > 0 for name in again.sections)


@pytest.mark.django_db
def test_reloading_updates_a_changed_entry(tmp_path: Path) -> None:
    load_city(load_city_config("seversk"))
    raw = seversk_raw()
    raw["departments"][0]["phone"] = "+7 3823 00-00-00"
    raw["territories"][2]["parent"] = "zato"
    report = load_city(load_city_config(str(write_city(tmp_path, raw))))
    assert report.created == 0
    assert report.sections["departments"].updated == 1
    assert report.sections["territories"].updated == 1


@pytest.mark.django_db
def test_another_city_loads_from_its_own_file() -> None:
    report = load_city(load_city_config("example-town"))
    assert report.created > 0
    heating = Category.objects.get(code="ex-heating")  # listed before its parent
    assert heating.parent is not None and heating.parent.code == "ex-zhkh"
    assert not Territory.objects.filter(code="samus").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("section", "key", "bad", "expected"),
    [
        ("categories", "default_department", "no-such-dept", "no-such-dept"),
        ("categories", "parent", "no-such-group", "no-such-group"),
        ("departments", "territory", "atlantis", "atlantis"),
        ("streets", "territory", "atlantis", "atlantis"),
        ("territories", "kind", "planet", "planet"),
    ],
)
def test_bad_reference_names_the_entry(
    tmp_path: Path, section: str, key: str, bad: str, expected: str
) -> None:
    raw = seversk_raw()
    entry = raw[section][1]
    entry[key] = bad
    with pytest.raises(CityConfigError) as caught:
        load_city(load_city_config(str(write_city(tmp_path, raw))))
    message = str(caught.value)
    assert expected in message and f"{section}[1]" in message
    assert Territory.objects.count() == 0  # nothing written


@pytest.mark.django_db
def test_parent_cycle_is_rejected(tmp_path: Path) -> None:
    raw = seversk_raw()
    raw["territories"][0]["parent"] = "seversk"  # zato → seversk → zato
    with pytest.raises(CityConfigError, match="сам себе предок"):
        load_city(load_city_config(str(write_city(tmp_path, raw))))


def test_every_default_department_exists() -> None:
    raw = seversk_raw()
    departments = {d["code"] for d in raw["departments"]}
    categories = raw["categories"]
    assert all(c["default_department"] in departments for c in categories)
    groups = {c["code"] for c in categories if c["parent"] is None}
    assert len(groups) >= 12
    assert all(c["parent"] in groups for c in categories if c["parent"])


def test_seversk_gazetteer_is_substantial() -> None:
    raw = seversk_raw()
    assert raw["time_zone"] == "Asia/Tomsk"
    assert len(raw["streets"]) >= 60
    types = {s["type"] for s in raw["streets"]}
    assert {"улица", "проспект", "переулок", "проезд", "площадь", "бульвар"} <= types


@pytest.mark.django_db
def test_loadcity_command_prints_counts() -> None:
    out = StringIO()
    call_command("loadcity", "example-town", stdout=out)
    assert "создано" in out.getvalue()
    out = StringIO()
    call_command("loadcity", "example-town", stdout=out)
    assert "Всего создано 0, обновлено 0." in out.getvalue()


def test_demo_messages_use_codes_from_seversk() -> None:
    raw = seversk_raw()
    categories = {c["code"]: c["parent"] for c in raw["categories"]}
    departments = {d["code"] for d in raw["departments"]}
    territories = {t["code"] for t in raw["territories"]}
    rows = demo_rows()
    assert len(rows) >= 450
    ids = set()
    for row in rows:
        assert row["category"] in categories, row["external_id"]
        assert categories[row["category"]] == row["category_group"], row["external_id"]
        assert row["department"] in departments, row["external_id"]
        assert row["territory"] in territories | {""}, row["external_id"]
        assert row["same_as"] in ids | {""}, row["external_id"]
        ids.add(row["external_id"])
    assert len(ids) == len(rows)


def test_demo_rows_pass_the_import_format(settings: Any) -> None:
    assert settings.TIME_ZONE == "Asia/Tomsk"
    for row in demo_rows():
        record = row_to_record(row)
        assert record.created_at.tzinfo is not None
        assert record.text
