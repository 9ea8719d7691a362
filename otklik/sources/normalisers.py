"""Payload → message records, by source kind: an explicit registry of dotted paths.

Channel adapters add their kinds here; every kind without its own parser uses the generic
row format (the same as `otklik import`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.utils.module_loading import import_string

from otklik.sources.models import InboundPayload
from otklik.sources.records import MessageRecord

Normaliser = Callable[[InboundPayload], list[MessageRecord]]

NORMALISERS: dict[str, str] = {
    "import": "otklik.sources.normalisers.generic",
    "form": "otklik.sources.normalisers.generic",
    "vk": "otklik.sources.vk.adapter.normalise",
    "telegram": "otklik.sources.telegram.adapter.normalise",
    "max": "otklik.sources.max.adapter.normalise",
    "feed": "otklik.sources.feeds.adapter.normalise",
    "ok": "otklik.sources.ok.adapter.normalise",
    "email": "otklik.sources.email.adapter.normalise",
}


def generic(payload: InboundPayload) -> list[MessageRecord]:
    from otklik.sources.rows import row_to_record

    if payload.body is None:
        raise ValueError(payload.error or "payload has no body")
    return [row_to_record(payload.body)]


@cache
def _load(path: str) -> Normaliser:
    return import_string(path)


def normaliser_for(payload: InboundPayload) -> Normaliser:
    path = NORMALISERS.get(payload.source.kind, NORMALISERS["import"])
    return _load(path)
