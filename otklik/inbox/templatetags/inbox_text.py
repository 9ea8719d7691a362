from __future__ import annotations

from django import template

from otklik.inbox.plain import plain_text

register = template.Library()


@register.filter(name="plain")
def plain(value: str) -> str:
    return plain_text(value or "")


# A short mark of the platform for the dense inbox list; the source's full title is its hint.
SOURCE_MARKS = {
    "vk": "ВК",
    "telegram": "TG",
    "max": "MAX",
    "ok": "ОК",
    "email": "e-mail",
    "form": "форма",
    "feed": "СМИ",
    "import": "файл",
}


@register.filter(name="source_mark")
def source_mark(kind: str) -> str:
    return SOURCE_MARKS.get(kind or "", kind or "")
