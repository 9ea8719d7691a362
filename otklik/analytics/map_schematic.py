"""The schematic map: a grid of labelled boxes, one per territory, drawn without geography.

It is what the page shows without JavaScript, and the whole map for a city whose file has no
outlines. The template draws the boxes as SVG; colours are presentation attributes, not styles,
which the page's Content-Security-Policy would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from otklik.words import plural

COLUMNS = 4
WIDTH, HEIGHT, GAP = 230, 84, 10
LABEL_CHARS = 30


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    name: str
    label: str
    caption: str
    fill: str
    dark: bool  # a dark fill: light text on it
    depth: int


def incidents_caption(n: int) -> str:
    return f"{n} {plural(n, 'обращение', 'обращения', 'обращений')}"


def tree_order(props: list[dict[str, Any]]) -> list[tuple[dict[str, Any], int]]:
    """Territories' properties, parents before their children, siblings by name; with depth."""
    codes = {p["code"] for p in props}
    by_parent: dict[str | None, list[dict[str, Any]]] = {}
    for p in props:
        by_parent.setdefault(p["parent"] if p["parent"] in codes else None, []).append(p)
    ordered: list[tuple[dict[str, Any], int]] = []

    def walk(parent: str | None, depth: int) -> None:
        for p in sorted(by_parent.get(parent, []), key=lambda p: p["name"]):
            ordered.append((p, depth))
            walk(p["code"], depth + 1)

    walk(None, 0)
    return ordered


def boxes(props: list[dict[str, Any]]) -> tuple[list[Box], int, int]:
    """The boxes and the drawing's width and height."""
    out = []
    for index, (p, depth) in enumerate(tree_order(props)):
        name = p["name"]
        label = name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"
        out.append(
            Box(
                x=GAP + (index % COLUMNS) * (WIDTH + GAP),
                y=GAP + (index // COLUMNS) * (HEIGHT + GAP),
                name=name,
                label=label,
                caption=incidents_caption(p["total"]),
                fill=p["fill"],
                dark=p["level"] >= 4,
                depth=depth,
            )
        )
    lines = max(1, -(-len(out) // COLUMNS))
    return out, GAP + COLUMNS * (WIDTH + GAP), GAP + lines * (HEIGHT + GAP)
