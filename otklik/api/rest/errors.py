"""The error responses an operation declares in the schema (each is a Problem)."""

from __future__ import annotations

from typing import Any

from otklik.api.rest.problems import Problem


def errors(*codes: int) -> dict[int, Any]:
    return dict.fromkeys(codes, Problem)
