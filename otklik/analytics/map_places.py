"""Where an incident is: its address matched to the gazetteer, else its territory's centre.

Incidents store no point, only `address_text` and a territory. The address goes through the
triage library's gazetteer matcher (the same one that finds addresses in residents' messages),
built from the cities tables; a matched street or landmark with coordinates gives the point. A
territory named in the address, or the incident's own territory, gives its centre instead, and
such a point is marked approximate. Three queries load everything, whatever the incidents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from otklik.cities.models import Landmark, Street, Territory
from otklik.triage.document import Doc
from otklik.triage.lemmas import Lemmatizer
from otklik.triage.territory import STREET_TYPES, Gazetteer, TerritoryMatcher

SHORT_TYPES = {"улица": "ул.", "проспект": "пр.", "переулок": "пер.", "площадь": "пл."}


@dataclass(frozen=True)
class Place:
    label: str
    lat: float
    lon: float
    kind: str  # street | landmark | territory
    approximate: bool
    territory_id: int | None = None


@dataclass(frozen=True)
class Area:
    """A territory as the map needs it: no model instance, no further queries."""

    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    outline: list[Any]
    population: int | None
    centre: tuple[float, float] | None  # (lat, lon)
    aliases: tuple[str, ...] = ()


@cache
def _lemmatizer() -> Lemmatizer:
    return Lemmatizer()  # pymorphy3 once per process


def _centre(row: dict[str, Any]) -> tuple[float, float] | None:
    if row["latitude"] is not None and row["longitude"] is not None:
        return (row["latitude"], row["longitude"])
    ring = row["outline"][0][:-1] if row["outline"] else []
    if not ring:
        return None
    return (sum(p[1] for p in ring) / len(ring), sum(p[0] for p in ring) / len(ring))


def load_areas() -> dict[int, Area]:
    fields = ("id", "code", "name", "kind", "parent_id", "outline", "population")
    rows = Territory.objects.order_by("name").values(*fields, "latitude", "longitude", "aliases")
    return {
        row["id"]: Area(
            **{name: row[name] for name in fields},
            centre=_centre(row),
            aliases=tuple(row["aliases"] or ()),
        )
        for row in rows
    }


def street_label(street_type: str, name: str) -> str:
    return f"{SHORT_TYPES.get(street_type, street_type)} {name}"


@dataclass
class Places:
    """The gazetteer's rows with their points, and the matcher built over them."""

    areas: dict[int, Area]
    streets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    landmarks: dict[str, dict[str, Any]] = field(default_factory=dict)
    matcher: TerritoryMatcher | None = None
    by_code: dict[str, Area] = field(default_factory=dict)
    resolved: dict[tuple[str, int | None], Place | None] = field(default_factory=dict)

    def locate(self, address: str, territory_id: int | None) -> Place | None:
        """The point of an address (remembered per address and territory)."""
        key = (address, territory_id)
        if key not in self.resolved:
            self.resolved[key] = self._match(address) or self._area_place(
                self.areas.get(territory_id) if territory_id else None
            )
        return self.resolved[key]

    def _match(self, address: str) -> Place | None:
        if not address.strip() or self.matcher is None:
            return None
        doc = Doc(address, clean=address, tokens=_lemmatizer().tokenize(address))
        spans = self.matcher.match(doc)
        for span in spans:
            if span.type == "street":
                found = self._street(span.value["name"], span.text)
            elif span.type == "landmark":
                found = self._landmark(span.value["name"])
            else:
                continue
            if found:
                return found
        named = [self.by_code.get(s.value.get("territory") or "") for s in spans]
        return next((self._area_place(a) for a in named if a and a.centre), None)

    def _street(self, name: str, text: str) -> Place | None:
        rows = [r for r in self.streets.get(name, ()) if r["latitude"] is not None]
        words = {w.strip(".,").lower() for w in text.split()}
        typed = {STREET_TYPES[w] for w in words if w in STREET_TYPES}
        rows.sort(key=lambda r: (r["street_type"] not in typed, r["street_type"] != "улица"))
        if not rows:
            return None
        row = rows[0]
        label = street_label(row["street_type"], name)
        return Place(label, row["latitude"], row["longitude"], "street", False, row["territory_id"])

    def _landmark(self, name: str) -> Place | None:
        row = self.landmarks.get(name)
        if not row or row["latitude"] is None:
            return None
        return Place(
            name, row["latitude"], row["longitude"], "landmark", False, row["territory_id"]
        )

    @staticmethod
    def _area_place(area: Area | None) -> Place | None:
        if area is None or area.centre is None:
            return None
        return Place(area.name, area.centre[0], area.centre[1], "territory", True, area.id)


def load_places(areas: dict[int, Area]) -> Places:
    """Two queries (streets, landmarks) over the already loaded territories."""
    places = Places(areas, by_code={area.code: area for area in areas.values()})
    codes = {area.id: area.code for area in areas.values()}
    street_rows = Street.objects.values(
        "name", "street_type", "aliases", "territory_id", "latitude", "longitude"
    )
    for row in street_rows:
        places.streets.setdefault(row["name"], []).append(row)
    for row in Landmark.objects.values("name", "aliases", "territory_id", "latitude", "longitude"):
        places.landmarks[row["name"]] = row
    city = {
        "territories": [
            {"code": a.code, "name": a.name, "kind": a.kind, "aliases": list(a.aliases)}
            for a in areas.values()
        ],
        "streets": [
            {**row, "type": row["street_type"], "territory": codes.get(row["territory_id"])}
            for rows in places.streets.values()
            for row in rows
        ],
        "landmarks": [
            {**row, "territory": codes.get(row["territory_id"])}
            for row in places.landmarks.values()
        ],
    }
    places.matcher = TerritoryMatcher(Gazetteer.from_city_dict(city, _lemmatizer().tokenize))
    return places
