"""Make decoded JSON storable in every database: PostgreSQL's jsonb and text refuse NUL
characters and lone surrogates, which hostile or broken input can carry."""

from __future__ import annotations

import re
from typing import Any

SURROGATE = re.compile("[\ud800-\udfff]")


def storable_text(text: str) -> str:
    if "\x00" in text:
        text = text.replace("\x00", "")
    if SURROGATE.search(text):
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def storable(value: Any) -> Any:
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, dict):
        return {storable_text(str(k)): storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [storable(v) for v in value]
    return value
