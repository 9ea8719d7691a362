"""The admin's titles and counters in correct Russian: «Выберите сотрудника», «6 сотрудников».

Used by the admin template overrides in otklik/templates/admin/; the forms are in otklik.words.
"""

from __future__ import annotations

import re
from typing import Any

from django import template

from otklik.words import Noun, noun

register = template.Library()


def _noun(opts: Any) -> Noun | None:
    if not hasattr(opts, "label_lower"):
        return None
    return noun(opts.label_lower, str(opts.verbose_name), str(opts.verbose_name_plural))


@register.simple_tag(takes_context=True)
def ru_title(context: template.Context) -> str:
    """«Выберите сотрудник для изменения» → «Выберите сотрудника для изменения»: the admin's
    titles put the model's name after a verb, so it takes the accusative. Pages without a model
    (the index) keep their title."""
    title = str(context.get("title") or "")
    forms = _noun(context.get("opts"))
    if forms is None or not forms.one:
        return title
    pattern = re.compile(rf"(?<!\w){re.escape(forms.one)}(?!\w)")
    return pattern.sub(forms.accusative, title, count=1)


@register.filter
def ru_count(n: Any, opts: Any) -> str:
    """«6 сотрудников», «2 территории», «21 сообщение»."""
    forms = _noun(opts)
    count = int(n or 0)
    return forms.count(count) if forms else str(count)


@register.filter
def ru_accusative(opts: Any) -> str:
    forms = _noun(opts)
    return forms.accusative if forms else ""
