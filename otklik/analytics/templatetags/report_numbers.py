"""The report page's numbers in Russian typography, as in the PDF and DOCX."""

from __future__ import annotations

from django import template

from otklik import typography

register = template.Library()


@register.filter
def num(value: float | None, digits: int = 0) -> str:
    return typography.number(value, digits)


@register.filter
def signed(value: int | None) -> str:
    return typography.signed(value)


@register.filter
def pct(value: float | None, digits: int = 1) -> str:
    return typography.percent(value, digits)


@register.filter
def hrs(value: float | None) -> str:
    return typography.hours(value)
