"""`{% open_polls territory %}` and `{% open_initiatives territory %}`: the polls' results and the
initiatives on the public page /open/ (territory None: the whole city). No personal data: no
author of an initiative, no voter; a constant number of queries whatever the numbers."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from otklik.cities.models import Territory
from otklik.polls.queries import initiatives, open_and_closed

register = template.Library()

#: How many closed polls and initiatives the /open/ page shows.
CLOSED_POLLS = 5
INITIATIVES = 10


def _territory(territory: object) -> Territory | None:
    return territory if isinstance(territory, Territory) else None


@register.simple_tag
def open_polls(territory: object = None) -> SafeString:
    polls = open_and_closed(_territory(territory), closed=CLOSED_POLLS)
    html = render_to_string("polls/_open_polls.html", {**polls, "territory": territory})
    return mark_safe(html)  # rendered by the template engine, escaped there


@register.simple_tag
def open_initiatives(territory: object = None) -> SafeString:
    found = list(initiatives(_territory(territory))[:INITIATIVES])
    html = render_to_string(
        "polls/_open_initiatives.html", {"initiatives": found, "territory": territory}
    )
    return mark_safe(html)  # rendered by the template engine, escaped there
