"""The dashboard's shares as whole percent, as widthratio printed them in an included template
per table cell (each include cost a template lookup and a context)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def share(value: float | None) -> str:
    """0.123 → «12 %», None → «—» (rounded as widthratio rounds)."""
    return "—" if value is None else f"{round(value * 100)} %"
