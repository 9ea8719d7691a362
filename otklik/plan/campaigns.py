"""The city file's "campaigns" section: the national projects, programmes and themes.

Each entry: slug, title, kind (national, municipal, theme), goal, starts_on / ends_on
(YYYY-MM-DD, optional), territories (territory codes), hashtags (a list), colour (#rrggbb).
Rows are matched by slug, updated only where a field differs, and never deleted, so
`otklik loadcity` may run again without changing anything.

PlanConfig.ready() registers the section with the city loader (otklik.cities.sections):
cities imports nothing from plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from otklik.cities.loader import upsert
from otklik.cities.sections import register_section
from otklik.plan.models import Campaign

SECTION = "campaigns"
LABEL = "кампании"
KINDS = set(Campaign.Kind.values)
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _date(value: Any, label: str, key: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"у {label} {key} {value!r}; нужна дата ГГГГ-ММ-ДД") from None


def validate_section(entries: list[dict[str, Any]], codes: dict[str, set[str]]) -> None:
    """Raise ValueError naming the first bad entry."""
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        label = f"{SECTION}[{index}]"
        if not isinstance(entry, dict):
            raise ValueError(f"{label} — не объект")
        slug = entry.get("slug")
        if not isinstance(slug, str) or not SLUG.match(slug):
            raise ValueError(f"у {label} slug {slug!r}; нужны латиница, цифры и дефис")
        if slug in seen:
            raise ValueError(f"{label} повторяет slug {slug!r}")
        seen.add(slug)
        title = entry.get("title")
        if not isinstance(title, str) or not title.strip() or len(title) > 200:
            raise ValueError(f"у {label} нет названия (title) или оно длиннее 200 знаков")
        if entry.get("kind", "theme") not in KINDS:
            raise ValueError(
                f"у {label} kind {entry.get('kind')!r}; допустимо: national, municipal, theme"
            )
        if not COLOUR.match(str(entry.get("colour", "#4a76a8"))):
            raise ValueError(f"у {label} colour {entry.get('colour')!r}; нужен цвет вида #1a2b3c")
        start = _date(entry.get("starts_on"), label, "starts_on")
        end = _date(entry.get("ends_on"), label, "ends_on")
        if start and end and end < start:
            raise ValueError(f"у {label} окончание раньше начала")
        for code in entry.get("territories") or []:
            if code not in codes["territories"]:
                raise ValueError(f"у {label} территория {code!r} — такого кода нет в territories")
        hashtags = entry.get("hashtags") or []
        if not isinstance(hashtags, list) or not all(isinstance(h, str) for h in hashtags):
            raise ValueError(f"у {label} hashtags — не список строк")


def campaign_values(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": entry["title"].strip(),
        "kind": entry.get("kind", Campaign.Kind.THEME),
        "goal": str(entry.get("goal") or "").strip(),
        "starts_on": _date(entry.get("starts_on"), "", "starts_on"),
        "ends_on": _date(entry.get("ends_on"), "", "ends_on"),
        "hashtags": " ".join(entry.get("hashtags") or []),
        "colour": entry.get("colour", "#4a76a8"),
    }


def load_section(entries: list[dict[str, Any]], rows: dict[str, dict[str, Any]]) -> Iterable[Any]:
    """The city loader's load hook: upsert each campaign and its territories."""
    loaded = []
    for entry in entries:
        campaign = upsert(Campaign, {"slug": entry["slug"]}, campaign_values(entry))
        wanted = {rows["territories"][code].pk for code in entry.get("territories") or []}
        if set(campaign.territories.values_list("pk", flat=True)) != wanted:
            campaign.territories.set(wanted)
            if campaign.load_status == "unchanged":
                campaign.load_status = "updated"
        loaded.append(campaign)
    return loaded


def register() -> None:
    """Called from PlanConfig.ready()."""
    register_section(SECTION, label=LABEL, validate=validate_section, load=load_section)
