from __future__ import annotations

from django import template

from otklik.inbox.plain import plain_text

register = template.Library()


@register.filter(name="plain")
def plain(value: str) -> str:
    return plain_text(value or "")
