"""Campaigns written from the web: created and edited by the press service.

The city file's campaigns come through the loader (otklik.plan.campaigns); these are the
same rows, so the same rules hold: a Latin slug, a #rrggbb colour, an end not before the start.
Errors are raised per field (ValidationError with a dict), so a form shows each by its field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from otklik.accounts.models import User
from otklik.cities.models import Territory
from otklik.plan.actions import can_plan
from otklik.plan.models import Campaign

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_COLOUR = "#4a76a8"
#: Addresses under /plan/campaigns/ that a slug must not take.
RESERVED = {"new"}
LATIN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщыэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch y e yu ya".split(),
        strict=True,
    )
) | {"ъ": "", "ь": ""}


def _require_plan(actor: User) -> None:
    if not can_plan(actor):
        raise PermissionDenied("Кампании ведёт пресс-служба")


def slug_for(title: str, taken: Iterable[str] = ()) -> str:
    """A free Latin slug from a (Cyrillic) title: «Чистый город» → chistyy-gorod."""
    latin = "".join(LATIN.get(ch, ch) for ch in title.lower())
    base = slugify(latin)[:50].strip("-") or "campaign"
    busy = set(taken) | RESERVED
    slug, n = base, 1
    while slug in busy or Campaign.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def hashtags_text(raw: str) -> str:
    """«БКД, #Северск» → «#БКД #Северск»: space-separated, each with its #."""
    tags = [t.strip().lstrip("#") for t in re.split(r"[\s,;]+", raw)]
    return " ".join(f"#{t}" for t in tags if t)[:500]


def _errors(
    campaign: Campaign | None,
    title: str,
    slug: str,
    kind: str,
    colour: str,
    period: tuple[date | None, date | None],
) -> dict[str, str]:
    errors = {}
    if not title.strip():
        errors["title"] = "Укажите название кампании"
    elif len(title.strip()) > 200:
        errors["title"] = "Название длиннее 200 знаков"
    if slug and (not SLUG.match(slug) or slug in RESERVED):
        errors["slug"] = "Код: строчная латиница, цифры и дефис (например, chistyy-gorod)"
    elif slug and Campaign.objects.filter(slug=slug).exclude(pk=getattr(campaign, "pk", None)):
        errors["slug"] = f"Код «{slug}» уже занят другой кампанией"
    if kind not in Campaign.Kind.values:
        errors["kind"] = "Неизвестный вид кампании"
    if not COLOUR.match(colour):
        errors["colour"] = "Цвет задаётся в виде #1a2b3c"
    starts_on, ends_on = period
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = "Окончание раньше начала"
    return errors


def _write(
    actor: User,
    campaign: Campaign,
    *,
    title: str,
    slug: str = "",
    kind: str = Campaign.Kind.THEME,
    goal: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    territories: Iterable[Territory] = (),
    hashtags: str = "",
    responsible: Iterable[User] = (),
    colour: str = DEFAULT_COLOUR,
) -> Campaign:
    _require_plan(actor)
    slug, colour = slug.strip().lower(), (colour or DEFAULT_COLOUR).strip()
    errors = _errors(
        campaign if campaign.pk else None, title, slug, kind, colour, (starts_on, ends_on)
    )
    if errors:
        raise ValidationError(errors)
    fields: dict[str, Any] = {
        "title": title.strip(),
        "slug": slug or campaign.slug or slug_for(title),
        "kind": kind,
        "goal": goal.strip(),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "hashtags": hashtags_text(hashtags),
        "colour": colour.lower(),
    }
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.save()
    campaign.territories.set(list(territories))
    campaign.responsible.set(list(responsible))
    return campaign


@transaction.atomic
def create_campaign(actor: User, **fields: Any) -> Campaign:
    """A new campaign; a blank slug is made from the title."""
    return _write(actor, Campaign(), **fields)


@transaction.atomic
def update_campaign(actor: User, campaign: Campaign, **fields: Any) -> Campaign:
    """The campaign's fields as given; a blank slug keeps the one it has."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _write(actor, locked, **fields)
    campaign.refresh_from_db()
    return campaign
