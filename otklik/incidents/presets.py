"""The city file's "deadline_presets" section: the shipped rules for the two clocks.

Each entry: category (a category code, a topic or a group; null for any category), priority
(low, normal, high, critical), first_reply_hours, first_reply_in_working_time (false: around the
clock), final_answer_days, final_in_working_days (false: calendar days), note (the rule's source).
Rows are matched by (category, priority), updated only where a field differs, and never deleted:
`otklik loadcity` may run again without changing anything, and it overwrites an administrator's
edit of a shipped preset only where the file says otherwise.

IncidentsConfig.ready() registers the section with the city loader (otklik.cities.sections):
cities imports nothing from incidents.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from otklik.cities.loader import upsert
from otklik.cities.models import Category
from otklik.cities.sections import register_section
from otklik.incidents.models import DeadlinePreset
from otklik.incidents.states import Priority

SECTION = "deadline_presets"
LABEL = "нормативы сроков"
PRIORITIES = set(Priority.values)


def validate_presets(entries: list[dict[str, Any]], categories: set[str]) -> None:
    """Raise ValueError naming the first bad entry."""
    seen: set[tuple[str | None, str]] = set()
    for index, entry in enumerate(entries):
        label = f"{SECTION}[{index}]"
        if not isinstance(entry, dict):
            raise ValueError(f"{label} — не объект")
        code, priority = entry.get("category") or None, entry.get("priority")
        if code is not None and code not in categories:
            raise ValueError(f"у {label} category {code!r} — такого кода нет в categories")
        if priority not in PRIORITIES:
            known = ", ".join(sorted(PRIORITIES))
            raise ValueError(f"у {label} priority {priority!r}; допустимо одно из: {known}")
        for key in ("first_reply_hours", "final_answer_days"):
            value = entry.get(key)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"у {label} {key} {value!r}; нужно целое число ≥ 1")
        if (code, priority) in seen:
            raise ValueError(f"{label} повторяет пару category {code!r} и priority {priority!r}")
        seen.add((code, priority))


def preset_values(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "first_reply_hours": int(entry["first_reply_hours"]),
        "first_reply_in_working_time": bool(entry.get("first_reply_in_working_time", True)),
        "final_answer_days": int(entry["final_answer_days"]),
        "final_in_working_days": bool(entry.get("final_in_working_days", True)),
        "note": str(entry.get("note") or "").strip(),
    }


def preset_lookups(
    entries: list[dict[str, Any]], categories: dict[str, Category]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(lookup, values) per entry, for the loader's upsert."""
    return [
        (
            {
                "category": categories.get(entry.get("category") or ""),
                "priority": entry["priority"],
            },
            preset_values(entry),
        )
        for entry in entries
    ]


def validate_section(entries: list[dict[str, Any]], codes: dict[str, set[str]]) -> None:
    """The city loader's validate hook: the file's category codes are the known ones."""
    validate_presets(entries, codes["categories"])


def load_section(entries: list[dict[str, Any]], rows: dict[str, dict[str, Any]]) -> Iterable[Any]:
    """The city loader's load hook: upsert each preset; the rows carry their `load_status`."""
    return [
        upsert(DeadlinePreset, lookup, values)
        for lookup, values in preset_lookups(entries, rows["categories"])
    ]


def register() -> None:
    """Called from IncidentsConfig.ready()."""
    register_section(SECTION, label=LABEL, validate=validate_section, load=load_section)
