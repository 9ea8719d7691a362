"""Make decoded JSON storable in every database: PostgreSQL's jsonb and text refuse NUL
characters and lone surrogates, which hostile or broken input can carry."""

from __future__ import annotations

from typing import Any


def storable_text(text: str) -> str:
    text = text.replace("\x00", "")
    if any("\ud800" <= ch <= "\udfff" for ch in text):
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
