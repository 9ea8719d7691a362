"""A territory's outline in the city file: the rings of a GeoJSON Polygon, points [lon, lat].

The map (otklik.analytics) draws them; they are approximate, hand-drawn for a schematic picture,
not for navigation. A ring needs at least three distinct points; it is closed here when the file
leaves it open, so the stored outline is always valid GeoJSON.
"""

from __future__ import annotations

from typing import Any

Ring = list[list[float]]


def _point(value: Any, where: str) -> list[float]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError(f"{where}: точка должна быть парой [долгота, широта]")
    try:
        lon, lat = float(value[0]), float(value[1])
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: координаты должны быть числами") from exc
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError(f"{where}: точка {value!r} вне земного шара (нужно [долгота, широта])")
    return [lon, lat]


def _ring(value: Any, where: str) -> Ring:
    if not isinstance(value, list):
        raise ValueError(f"{where}: кольцо должно быть списком точек")
    points = [_point(p, f"{where}[{i}]") for i, p in enumerate(value)]
    if len({tuple(p) for p in points}) < 3:
        raise ValueError(f"{where}: в кольце меньше трёх разных точек")
    if points[0] != points[-1]:
        points.append(list(points[0]))
    return points


def parse_outline(value: Any, where: str = "outline") -> list[Ring]:
    """The outline as stored: [] when the entry has none; ValueError naming the bad point."""
    if value in (None, "", []):
        return []
    if not isinstance(value, list):
        raise ValueError(f"{where}: контур должен быть списком колец")
    return [_ring(ring, f"{where}[{i}]") for i, ring in enumerate(value)]
