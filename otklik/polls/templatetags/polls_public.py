"""`{{ text|mask_contacts }}`: phone numbers and e-mails hidden in a resident's text."""

from __future__ import annotations

from django import template

from otklik.polls.masking import mask_contacts as mask

register = template.Library()


@register.filter
def mask_contacts(value: object) -> str:
    """Plain text out (not marked safe): the template escapes it as usual."""
    return mask(str(value or ""))
