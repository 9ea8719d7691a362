"""The number a resident quotes: «СВ-2026-000123», not a hex string.

Derived, not stored: the city's prefix (`reference_prefix` in the city file, else the first two
letters of its name), the year the report came in (in the city's time zone) and the id of its
status ticket (answers.FormTicket), six digits at least. The old hex references keep working.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils import timezone

from otklik.answers.models import FormTicket

_LETTERS = re.compile(r"[^\W\d_]+")
_SKIP = {"зато", "город", "г", "городской", "округ", "пгт", "посёлок", "поселок"}


def city_prefix() -> str:
    configured = str(settings.CITY.raw.get("reference_prefix") or "").strip().upper()
    if configured:
        return configured[:6]
    words = [w for w in _LETTERS.findall(settings.CITY.name) if w.lower() not in _SKIP]
    return (words[-1][:2] if words else "ОБ").upper()


def ticket_number(ticket: FormTicket) -> str:
    year = timezone.localtime(ticket.created_at).year
    return f"{city_prefix()}-{year}-{ticket.pk:06d}"
