"""What /open/ shows, built once and cached: the figures by month and by category with their
charts, the meetings, the instructions and the public examples, for the city or one territory;
and the open data (JSON, CSV) under CC BY 4.0.

The cache holds plain data (no user, no request): a page is rendered from it for everyone, so a
cached page never carries a signed-in person's menu. Keys are per territory; entries live
`CACHE_SECONDS`.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from otklik.cities.models import Category, Territory
from otklik.public import charts, open_lists
from otklik.public.open_stats import (
    Fact,
    Figures,
    collect,
    month_keys,
    month_label,
    tally,
    window_start,
)

CACHE_SECONDS = 600
CACHE_PREFIX = "open:v1"
LICENCE = {
    "name": "CC BY 4.0",
    "title": "«С указанием авторства» 4.0 Международная",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.ru",
}
TOP_CATEGORIES = 12
DEFINITIONS = {
    "received": "Сообщения жителей, написанные за месяц (территория сообщения или его инцидента)",
    "resolved": "Инциденты, закрытые за месяц с итогом «Решено»",
    "answered": "Инциденты, получившие окончательный ответ за месяц (без дубликатов и спама)",
    "answered_on_time": "Из них: первый и окончательный ответ даны в установленные сроки",
    "on_time_share": "Доля ответов в срок, %",
    "median_first_reply_hours": "Медиана времени от регистрации до первого ответа, часов",
    "median_final_answer_days": "Медиана времени от регистрации до окончательного ответа, дней",
}


def source_name() -> str:
    return f"{settings.CITY.name}, пресс-служба (платформа «Отклик»)"


def summary(figures: Figures) -> dict[str, Any]:
    return {
        "received": figures.received,
        "resolved": figures.resolved,
        "answered": figures.answered,
        "answered_on_time": figures.on_time,
        "on_time_share": figures.on_time_share,
        "median_first_reply_hours": figures.median_first_reply_hours,
        "median_final_answer_days": figures.median_final_answer_days,
    }


def _categories(facts: list[Fact]) -> dict[int, dict[str, str]]:
    ids = {f.category for f in facts if f.category is not None}
    rows = Category.objects.filter(pk__in=ids).values("pk", "code", "name")
    return {row["pk"]: row for row in rows}


def _month_rows(facts: list[Fact]) -> list[dict[str, Any]]:
    by_month = tally(facts, lambda f: f.month)
    return [
        {
            "key": key,
            "label": month_label(key),
            "short": month_label(key, short=True),
            **summary(by_month.get(key) or Figures()),
        }
        for key in month_keys()
    ]


def _category_rows(facts: list[Fact]) -> list[dict[str, Any]]:
    names = _categories(facts)
    by_category: dict[Hashable, Figures] = tally(facts, lambda f: f.category)
    rows = [
        {"name": names[pk]["name"] if pk in names else "Без категории", **summary(figures)}
        for pk, figures in by_category.items()
    ]
    return sorted(rows, key=lambda r: (-r["received"], -r["resolved"], r["name"]))


def _charts(months: list[dict[str, Any]], categories: list[dict[str, Any]]) -> dict[str, str]:
    def series(name: str) -> list[tuple[str, float]]:
        return [(m["short"], m[name] or 0) for m in months]

    top = [(c["name"], c["received"]) for c in categories[:TOP_CATEGORIES]]
    return {
        "received": charts.columns("Сообщения жителей по месяцам", series("received")),
        "resolved": charts.columns("Решённые проблемы по месяцам", series("resolved")),
        "on_time": charts.columns(
            "Доля ответов в срок по месяцам, %", series("on_time_share"), "%"
        ),
        "first_reply": charts.columns(
            "Медиана времени до первого ответа, часов", series("median_first_reply_hours"), " ч"
        ),
        "final_answer": charts.columns(
            "Медиана времени до окончательного ответа, дней",
            series("median_final_answer_days"),
            " дн.",
        ),
        "categories": charts.bars("Сообщения жителей по категориям", top),
    }


def build_page(territory: Territory | None) -> dict[str, Any]:
    facts = collect(territory)
    months = _month_rows(facts)
    categories = _category_rows(facts)
    start = window_start()
    return {
        "scope": territory.name if territory else settings.CITY.name,
        "territory": territory,  # for the polls' tags; a model instance pickles into the cache
        "territory_code": territory.code if territory else "",
        "territories": list(Territory.objects.order_by("name").values("code", "name")),
        "period": (months[0]["label"], months[-1]["label"]),
        "totals": summary(tally(facts, lambda f: None).get(None) or Figures()),
        "months": months,
        "categories": categories,
        "charts": _charts(months, categories),
        "meetings": open_lists.meetings(territory, start),
        "instructions": open_lists.instructions(territory, start),
        "examples": open_lists.examples(territory),
        "definitions": DEFINITIONS,
        "licence": LICENCE,
        "source": source_name(),
        "built_at": timezone.now(),
    }


def page(code: str | None = None) -> dict[str, Any] | None:
    """The cached page of the city (None) or of the territory `code`; None: no such territory."""
    key = f"{CACHE_PREFIX}:page:{code or '-'}"
    found = cache.get(key)
    if found is not None:
        return found
    territory = None
    if code:
        territory = Territory.objects.filter(code=code).first()
        if territory is None:
            return None
    found = build_page(territory)
    cache.set(key, found, CACHE_SECONDS)
    return found


DATA_FIELDS = [
    "territory",
    "territory_name",
    "category",
    "category_name",
    "month",
    *DEFINITIONS,
]


def build_data() -> dict[str, Any]:
    """The same figures per territory, category and month, for the whole city."""
    facts = collect(None)
    categories = _categories(facts)
    territories = {t["pk"]: t for t in Territory.objects.values("pk", "code", "name")}
    rows = []
    for (terr, cat, month), figures in sorted(
        tally(facts, lambda f: (f.territory, f.category, f.month)).items(),
        key=lambda item: (item[0][2], str(item[0][0]), str(item[0][1])),  # type: ignore[index]
    ):
        place = territories.get(terr, {"code": "", "name": "Без территории"})
        topic = categories.get(cat, {"code": "", "name": "Без категории"})
        rows.append(
            {
                "territory": place["code"],
                "territory_name": place["name"],
                "category": topic["code"],
                "category_name": topic["name"],
                "month": month,
                **summary(figures),
            }
        )
    keys = month_keys()
    return {
        "title": f"Обращения жителей и ответы: {settings.CITY.name}",
        "source": source_name(),
        "licence": LICENCE,
        "period": {"from": keys[0], "to": keys[-1]},
        "generated_at": timezone.now().isoformat(),
        "time_zone": settings.TIME_ZONE,
        "definitions": DEFINITIONS,
        "fields": DATA_FIELDS,
        "rows": rows,
    }


def data() -> dict[str, Any]:
    key = f"{CACHE_PREFIX}:data"
    found = cache.get(key)
    if found is None:
        found = build_data()
        cache.set(key, found, CACHE_SECONDS)
    return found
