"""The city's configuration file, read without Django: settings and the NLP library use it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

CITIES_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class CityConfig:
    slug: str
    name: str
    region: str
    time_zone: str
    center: tuple[float, float]
    path: Path
    raw: dict[str, Any] = field(repr=False, compare=False, hash=False)

    def section(self, name: str) -> list[dict[str, Any]]:
        return list(self.raw.get(name, []))


def city_path(name_or_path: str) -> Path:
    """A city by its slug (a file shipped in cities/data) or by a path to a JSON file."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".json" or candidate.exists():
        return candidate.resolve()
    return CITIES_DIR / f"{name_or_path}.json"


@lru_cache(maxsize=8)
def load_city_config(name_or_path: str) -> CityConfig:
    path = city_path(name_or_path)
    if not path.exists():
        raise FileNotFoundError(f"Файл города не найден: {path}")
    raw = json.loads(path.read_text(encoding="utf-8"))
    for key in ("slug", "name", "time_zone"):
        if key not in raw:
            raise ValueError(f"В файле города {path} нет ключа {key!r}")
    center = raw.get("center") or [0.0, 0.0]
    return CityConfig(
        slug=raw["slug"],
        name=raw["name"],
        region=raw.get("region", ""),
        time_zone=raw["time_zone"],
        center=(float(center[0]), float(center[1])),
        path=path,
        raw=raw,
    )
