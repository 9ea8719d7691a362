"""Administrator-editable corrections to the production calendar (decrees the package lacks).

The file is JSON: {"non_working": [...], "working": [...], "short": [...]}. An entry is a date
("2020-06-24") or an object {"date": "2020-03-30", "until": "2020-04-03", "source": "Указ № 206"}
covering every day from date to until inclusive. Other top-level keys (e.g. "comment") are notes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DEFAULT_OVERRIDES_PATH = Path(__file__).resolve().parent / "overrides.json"
KINDS = ("non_working", "working", "short")


@dataclass(frozen=True)
class Overrides:
    """non_working: days off by decree; working: days worked by decree; short: shortened days."""

    non_working: frozenset[date] = frozenset()
    working: frozenset[date] = frozenset()
    short: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        clash = self.non_working & self.working
        if clash:
            raise ValueError(f"Дни указаны и рабочими, и нерабочими: {sorted(map(str, clash))}")


def parse_overrides(raw: dict[str, Any]) -> Overrides:
    return Overrides(**{kind: frozenset(_days(raw.get(kind, []), kind)) for kind in KINDS})


def load_overrides(path: str | Path = DEFAULT_OVERRIDES_PATH) -> Overrides:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        return parse_overrides(raw)
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise ValueError(f"Файл поправок календаря {path}: {exc}") from exc


def _days(entries: list[Any], kind: str) -> list[date]:
    days: list[date] = []
    for entry in entries:
        if isinstance(entry, str):
            days.append(date.fromisoformat(entry))
            continue
        first = date.fromisoformat(entry["date"])
        last = date.fromisoformat(entry.get("until", entry["date"]))
        if last < first:
            raise ValueError(f"{kind}: 'until' {last} раньше, чем 'date' {first}")
        days.extend(first + timedelta(days=n) for n in range((last - first).days + 1))
    return days
