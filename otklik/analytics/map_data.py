"""The map's data: territories with their counts and incident points, as GeoJSON.

A fixed number of queries whatever the incidents: the territories, the streets, the landmarks,
the counts per territory (from the rollups, otklik.analytics.map_counts) and the latest
incidents' addresses for the points (a bounded sample). The result is cached briefly per user
scope and filters.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count

from otklik.accounts.models import User
from otklik.analytics.map_counts import POINTS, point_groups, rollup_counts
from otklik.analytics.map_filters import cache_key_part, filtered_incidents
from otklik.analytics.map_places import Area, Place, Places, load_areas, load_places

CACHE_SECONDS = 60
# Light to dark: no incidents, then five steps up to the largest value on the map.
PALETTE = ("#f4f1ec", "#fde2c4", "#f9bf8f", "#f08f5f", "#d95c43", "#a8283a")
METRICS = {"count": "обращений", "per_1000": "обращений на 1000 жителей"}


@dataclass(frozen=True)
class Row:
    """A territory's line in the no-JS table and its feature's properties."""

    area: Area
    count: int
    total: int  # with the territories inside it
    rate: float | None
    value: float
    level: int

    @property
    def fill(self) -> str:
        return PALETTE[self.level]


def _descendants(areas: dict[int, Area]) -> dict[int, set[int]]:
    children: dict[int | None, list[int]] = {}
    for area in areas.values():
        children.setdefault(area.parent_id, []).append(area.id)

    def walk(pk: int, seen: set[int]) -> set[int]:
        for child in children.get(pk, ()):
            if child not in seen:
                seen.add(child)
                walk(child, seen)
        return seen

    return {pk: walk(pk, {pk}) for pk in areas}


def _level(value: float, top: float) -> int:
    if value <= 0 or top <= 0:
        return 0
    return min(5, max(1, math.ceil(value / top * 5)))


def territory_rows(areas: dict[int, Area], counts: dict[int, int]) -> tuple[list[Row], str]:
    """Every territory with its own count and its total; the metric is incidents per 1,000
    residents only when every drawn territory has a population, else plain counts."""
    inside = _descendants(areas)
    drawn = [a for a in areas.values() if a.outline]
    metric = "per_1000" if drawn and all(a.population for a in drawn) else "count"
    raw = []
    for area in areas.values():
        total = sum(counts.get(pk, 0) for pk in inside[area.id])
        rate = round(total * 1000 / area.population, 2) if area.population else None
        value = rate if metric == "per_1000" and rate is not None else total
        raw.append((area, counts.get(area.id, 0), total, rate, value))
    leaves = [v for a, *_, v in raw if not any(c != a.id for c in inside[a.id])]
    top = max(leaves or [v for *_, v in raw] or [0])
    rows = [Row(a, n, t, r, v, _level(v, top)) for a, n, t, r, v in raw]
    return rows, metric


def _geometry(area: Area) -> dict[str, Any] | None:
    if area.outline:
        return {"type": "Polygon", "coordinates": area.outline}
    if area.centre:
        return {"type": "Point", "coordinates": [area.centre[1], area.centre[0]]}
    return None


def territory_feature(row: Row, areas: dict[int, Area], containers: set[int]) -> dict[str, Any]:
    parent = areas.get(row.area.parent_id) if row.area.parent_id else None
    return {
        "type": "Feature",
        "id": row.area.code,
        "geometry": _geometry(row.area),
        "properties": {
            "code": row.area.code,
            "name": row.area.name,
            "kind": row.area.kind,
            "parent": parent.code if parent else None,
            "parent_name": parent.name if parent else None,
            "count": row.count,
            "total": row.total,
            "population": row.area.population,
            "rate": row.rate,
            "value": row.value,
            "level": row.level,
            "fill": row.fill,
            "container": row.area.id in containers,
            "outlined": bool(row.area.outline),
        },
    }


def point_features(places: Places, groups: list[dict[str, Any]]) -> tuple[list[dict], int]:
    """One feature per distinct point, its incidents summed; and how many had no point."""
    merged: dict[tuple[float, float, str], tuple[Place, int]] = {}
    unplaced = 0
    for group in groups:
        place = places.locate(group["address_text"] or "", group["territory_id"])
        if place is None:
            unplaced += group["n"]
            continue
        key = (place.lat, place.lon, place.label)
        merged[key] = (place, merged.get(key, (place, 0))[1] + group["n"])
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {
                "label": place.label,
                "kind": place.kind,
                "approximate": place.approximate,
                "count": n,
                "territory": places.areas[place.territory_id].name
                if place.territory_id in places.areas
                else None,
            },
        }
        for place, n in sorted(merged.values(), key=lambda item: (-item[1], item[0].label))
    ]
    return features, unplaced


def build(user: User, filters: dict[str, Any]) -> dict[str, Any]:
    areas = load_areas()
    chosen = filters.get("territory")
    within = _descendants(areas).get(chosen.pk, {chosen.pk}) if chosen else None
    incidents = filtered_incidents(user, filters, within).order_by()
    counts = rollup_counts(user, filters, within)
    if counts is None:  # a status the rollups do not keep
        found = incidents.values("territory_id").annotate(n=Count("id"))
        counts = {row["territory_id"]: row["n"] for row in found}
    rows, metric = territory_rows(areas, {pk: n for pk, n in counts.items() if pk is not None})
    groups, sampled = point_groups(incidents)
    points, unplaced = point_features(load_places(areas), groups)
    containers = {a.parent_id for a in areas.values() if a.parent_id}
    return {
        "metric": metric,
        "metric_label": METRICS[metric],
        "total": sum(counts.values()),
        "without_territory": counts.get(None, 0),
        "unplaced": unplaced,
        "points_limit": POINTS,
        "points_sampled": sampled,
        "palette": list(PALETTE),
        "territories": {
            "type": "FeatureCollection",
            "features": [territory_feature(row, areas, containers) for row in rows],
        },
        "points": {"type": "FeatureCollection", "features": points},
    }


def cached_build(user: User, filters: dict[str, Any]) -> dict[str, Any]:
    scope = f"dept{user.department_id}" if user.is_executor else "all"
    digest = hashlib.sha1(cache_key_part(filters).encode(), usedforsecurity=False).hexdigest()
    key = f"analytics:map:v1:{scope}:{digest}"
    data = cache.get(key)
    if data is None:
        data = build(user, filters)
        cache.set(key, data, CACHE_SECONDS)
    return data
