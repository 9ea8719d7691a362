"""Load a city's configuration file into the database: territories, departments, categories,
streets, landmarks, and every section an app above registered through otklik.cities.sections
(the deadline presets: otklik.incidents.presets documents that section).

Idempotent: rows are matched by code (streets by name and type, landmarks by name), updated only
where a field differs, and never deleted. Every reference is checked before anything is written,
and the whole load runs in one transaction, so a bad file changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from otklik.cities.config import CityConfig
from otklik.cities.models import Category, Department, Landmark, Street, Territory
from otklik.cities.outlines import parse_outline
from otklik.cities.sections import registered_sections

# The core sections; registered ones (otklik.cities.sections) follow them in every report.
SECTIONS = ("territories", "departments", "categories", "streets", "landmarks")
SECTION_NAMES = {
    "territories": "территории",
    "departments": "подразделения",
    "categories": "категории",
    "streets": "улицы",
    "landmarks": "ориентиры",
}
KINDS = set(Territory.Kind.values)


class CityConfigError(ValueError):
    """The city file is inconsistent; the message names the section, the entry and the key."""


@dataclass
class SectionCount:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class LoadReport:
    city: str
    sections: dict[str, SectionCount] = field(default_factory=lambda: _counts())

    @property
    def created(self) -> int:
        return sum(count.created for count in self.sections.values())

    @property
    def updated(self) -> int:
        return sum(count.updated for count in self.sections.values())

    def lines(self) -> list[str]:
        labels = {**SECTION_NAMES, **{s.name: s.label for s in registered_sections()}}
        return [
            f"{labels.get(name, name)}: создано {c.created}, обновлено {c.updated}, "
            f"без изменений {c.unchanged}"
            for name, c in self.sections.items()
        ]


def _counts() -> dict[str, SectionCount]:
    names = [*SECTIONS, *(section.name for section in registered_sections())]
    return {name: SectionCount() for name in names}


# Validation ---------------------------------------------------------------------------------


def _label(section: str, index: int, entry: dict[str, Any]) -> str:
    key = entry.get("code") or entry.get("name") or "?"
    return f"{section}[{index}] {key!r}"


def _codes(config: CityConfig, section: str) -> set[str]:
    codes: set[str] = set()
    for index, entry in enumerate(config.section(section)):
        label = _label(section, index, entry)
        if not isinstance(entry, dict):
            raise CityConfigError(f"{config.path.name}: {section}[{index}] — не объект")
        for key in ("code", "name"):
            if not str(entry.get(key) or "").strip():
                raise CityConfigError(f"{config.path.name}: у {label} нет {key!r}")
        if entry["code"] in codes:
            raise CityConfigError(f"{config.path.name}: {label} — код повторяется")
        codes.add(entry["code"])
    return codes


def _check_ref(
    config: CityConfig, label: str, key: str, value: Any, known: set[str], target: str
) -> None:
    if value in (None, ""):
        return
    if value not in known:
        raise CityConfigError(
            f"{config.path.name}: у {label} {key} {value!r} — такого кода нет в {target}"
        )


def _check_cycles(config: CityConfig, section: str) -> None:
    parents = {e["code"]: e.get("parent") for e in config.section(section)}
    for code in parents:
        seen = {code}
        parent = parents[code]
        while parent:
            if parent in seen:
                raise CityConfigError(
                    f"{config.path.name}: {section} {code!r} — сам себе предок через {parent!r}"
                )
            seen.add(parent)
            parent = parents.get(parent)


def _check_named(config: CityConfig, section: str, key: tuple[str, ...]) -> None:
    seen: set[tuple[str, ...]] = set()
    for index, entry in enumerate(config.section(section)):
        if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
            raise CityConfigError(f"{config.path.name}: у {section}[{index}] нет 'name'")
        identity = tuple(str(entry.get(k) or "улица") for k in key)
        if identity in seen:
            raise CityConfigError(
                f"{config.path.name}: {_label(section, index, entry)} встречается дважды"
            )
        seen.add(identity)


def _check_geometry(config: CityConfig) -> None:
    """Outlines and populations of territories, coordinates of every entry: numbers in range."""
    for section in ("territories", "streets", "landmarks"):
        for index, entry in enumerate(config.section(section)):
            label = _label(section, index, entry)
            try:
                for key in ("lat", "lon"):
                    _coord(entry, key)
                if section == "territories":
                    parse_outline(entry.get("outline"), "outline")
                    _population(entry)
            except (TypeError, ValueError) as exc:
                raise CityConfigError(f"{config.path.name}: у {label} {exc}") from exc


def validate(config: CityConfig) -> None:
    """Raise CityConfigError naming the first bad entry; write nothing."""
    territories = _codes(config, "territories")
    departments = _codes(config, "departments")
    categories = _codes(config, "categories")
    refs = {"territories": territories, "departments": departments, "categories": categories}
    for index, entry in enumerate(config.section("territories")):
        label = _label("territories", index, entry)
        if entry.get("kind", "microdistrict") not in KINDS:
            raise CityConfigError(
                f"{config.path.name}: у {label} kind {entry.get('kind')!r}; "
                f"допустимо одно из: {', '.join(sorted(KINDS))}"
            )
    checks = {
        "territories": (("parent", "territories"),),
        "departments": (("parent", "departments"), ("territory", "territories")),
        "categories": (("parent", "categories"), ("default_department", "departments")),
        "streets": (("territory", "territories"),),
        "landmarks": (("territory", "territories"),),
    }
    _check_named(config, "streets", ("name", "type"))
    _check_named(config, "landmarks", ("name",))
    _check_geometry(config)
    for section, keys in checks.items():
        for index, entry in enumerate(config.section(section)):
            for key, target in keys:
                label = _label(section, index, entry)
                _check_ref(config, label, key, entry.get(key), refs[target], target)
    for section in ("territories", "departments", "categories"):
        _check_cycles(config, section)
    for extra in registered_sections():
        try:
            extra.validate(config.section(extra.name), refs)
        except ValueError as exc:
            raise CityConfigError(f"{config.path.name}: {exc}") from exc


# Writing ------------------------------------------------------------------------------------


def upsert(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> Any:
    """Create the row or update the fields that differ; the row's `load_status` says which.
    Registered sections (otklik.cities.sections) use it for their own rows."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        obj.load_status = "created"
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    obj.load_status = "updated" if changed else "unchanged"
    return obj


def _tally(count: SectionCount, objects: Iterable[Any]) -> None:
    for obj in objects:
        setattr(count, obj.load_status, getattr(count, obj.load_status) + 1)


def _upsert_coded(
    model: type[models.Model],
    entries: list[dict[str, Any]],
    values: Callable[[dict[str, Any]], dict[str, Any]],
    count: SectionCount,
) -> dict[str, Any]:
    """Upsert a section matched by code, then set parents once every row exists, so the file
    may list children before their parents."""
    objects = {e["code"]: upsert(model, {"code": e["code"]}, values(e)) for e in entries}
    for entry in entries:
        obj = objects[entry["code"]]
        parent = objects.get(entry.get("parent") or "")
        if obj.parent_id != (parent.pk if parent else None):
            obj.parent = parent
            obj.save(update_fields=["parent"])
            if obj.load_status == "unchanged":
                obj.load_status = "updated"
    _tally(count, objects.values())
    return objects


def _text(entry: dict[str, Any], key: str) -> str:
    return str(entry.get(key) or "").strip()


def _coord(entry: dict[str, Any], key: str) -> float | None:
    value = entry.get(key)
    return None if value in (None, "") else float(value)


def _population(entry: dict[str, Any]) -> int | None:
    value = entry.get("population")
    if value in (None, ""):
        return None
    if isinstance(value, bool) or int(value) != value or int(value) < 0:
        raise ValueError(f"population {value!r} — нужно целое число жителей")
    return int(value)


def _territory_values(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": _text(entry, "name"),
        "kind": entry.get("kind") or Territory.Kind.MICRODISTRICT,
        "aliases": list(entry.get("aliases") or []),
        "latitude": _coord(entry, "lat"),
        "longitude": _coord(entry, "lon"),
        "description": _text(entry, "description"),
        "outline": parse_outline(entry.get("outline")),
        "population": _population(entry),
    }


def _department_values(
    territories: dict[str, Territory],
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def values(entry: dict[str, Any]) -> dict[str, Any]:
        return {
            "name": _text(entry, "name"),
            "short_name": _text(entry, "short_name"),
            "territory": territories.get(entry.get("territory") or ""),
            "email": _text(entry, "email"),
            "phone": _text(entry, "phone"),
            "description": _text(entry, "description"),
        }

    return values


def _category_values(
    departments: dict[str, Department],
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def values(entry: dict[str, Any]) -> dict[str, Any]:
        return {
            "name": _text(entry, "name"),
            "description": _text(entry, "description"),
            "keywords": list(entry.get("keywords") or []),
            "default_department": departments.get(entry.get("default_department") or ""),
            "first_reply_hours": int(entry.get("first_reply_hours", 4)),
            "final_answer_days": int(entry.get("final_answer_days", 7)),
        }

    return values


def _load_streets(
    config: CityConfig, territories: dict[str, Territory], count: SectionCount
) -> None:
    for entry in config.section("streets"):
        lookup = {"name": _text(entry, "name"), "street_type": _text(entry, "type") or "улица"}
        values = {
            "aliases": list(entry.get("aliases") or []),
            "territory": territories.get(entry.get("territory") or ""),
            "latitude": _coord(entry, "lat"),
            "longitude": _coord(entry, "lon"),
        }
        _tally(count, [upsert(Street, lookup, values)])


def _load_landmarks(
    config: CityConfig, territories: dict[str, Territory], count: SectionCount
) -> None:
    for entry in config.section("landmarks"):
        values = {
            "aliases": list(entry.get("aliases") or []),
            "territory": territories.get(entry.get("territory") or ""),
            "address": _text(entry, "address"),
            "latitude": _coord(entry, "lat"),
            "longitude": _coord(entry, "lon"),
        }
        _tally(count, [upsert(Landmark, {"name": _text(entry, "name")}, values)])


def load_city(config: CityConfig) -> LoadReport:
    """Validate the whole file, then create or update every entry in one transaction."""
    validate(config)
    report = LoadReport(city=config.name)
    counts = report.sections
    with transaction.atomic():
        territories = _upsert_coded(
            Territory, config.section("territories"), _territory_values, counts["territories"]
        )
        departments = _upsert_coded(
            Department,
            config.section("departments"),
            _department_values(territories),
            counts["departments"],
        )
        categories = _upsert_coded(
            Category,
            config.section("categories"),
            _category_values(departments),
            counts["categories"],
        )
        _load_streets(config, territories, counts["streets"])
        _load_landmarks(config, territories, counts["landmarks"])
        rows = {"territories": territories, "departments": departments, "categories": categories}
        for extra in registered_sections():
            _tally(counts[extra.name], extra.load(config.section(extra.name), rows))
    return report
