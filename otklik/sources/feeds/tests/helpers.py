"""Shared set-up for the feed tests: a source pointing at a local server, recorded feeds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from otklik.sources.models import Source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def make_source(url: str, name: str = "news", **settings: Any) -> Source:
    return Source.objects.create(
        name=name, kind=Source.Kind.FEED, settings={"url": url, **settings}
    )
