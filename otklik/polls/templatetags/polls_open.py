"""`{% open_polls territory %}` and `{% open_initiatives territory %}`: the polls' results and the
initiatives on the public page /open/ (territory None: the whole city). No personal data."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag
def open_polls(territory: object = None) -> str:
    return ""


@register.simple_tag
def open_initiatives(territory: object = None) -> str:
    return ""
