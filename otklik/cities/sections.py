"""Extra sections of the city file, owned by apps above cities.

cities sits on the lowest floor and imports no app above it, yet the city file also carries
sections whose rows live higher up (the deadline presets of otklik.incidents). Such an app
registers its section here from its AppConfig.ready(); the loader then validates every registered
section before writing anything and loads each one after the core reference data, inside the same
transaction, so a bad section still fails the whole load.

- validate(entries, codes): raise ValueError naming the first bad entry; `codes` maps each core
  section (territories, departments, categories) to the set of codes the file defines.
- load(entries, rows): create or update the rows and return them, each with `load_status`
  ("created", "updated" or "unchanged"; otklik.cities.loader.upsert sets it); `rows` maps each
  core section to {code: the saved row}.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

Entries = list[dict[str, Any]]
Validate = Callable[[Entries, dict[str, set[str]]], None]
Load = Callable[[Entries, dict[str, dict[str, Any]]], Iterable[Any]]


@dataclass(frozen=True)
class Section:
    name: str
    label: str
    validate: Validate
    load: Load


_SECTIONS: dict[str, Section] = {}


def register_section(name: str, *, label: str, validate: Validate, load: Load) -> None:
    """Add (or replace, so a second ready() is harmless) the handler of the section `name`."""
    _SECTIONS[name] = Section(name=name, label=label, validate=validate, load=load)


def unregister_section(name: str) -> None:
    _SECTIONS.pop(name, None)


def registered_sections() -> list[Section]:
    """In the order they were registered."""
    return list(_SECTIONS.values())
