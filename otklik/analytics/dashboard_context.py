"""Everything the dashboard shows, and the charts' data for dashboard.js (JSON)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from otklik.accounts.models import User
from otklik.analytics import dashboard_figures as figures
from otklik.analytics import dashboard_links as links
from otklik.analytics import dashboard_pages
from otklik.analytics import dashboard_slices as slices
from otklik.analytics.dashboard_filters import Filters
from otklik.analytics.models import Dim

TONES = (("positive", "Позитив"), ("neutral", "Нейтрально"), ("negative", "Негатив"))


def _day_label(f: Filters, row: dict[str, Any]) -> str:
    return ("с " if f.by_week else "") + row["day"].strftime("%d.%m.%Y")


def _chart(
    key: str, kind: str, title: str, rows: list[dict], value: str, label: str = "label"
) -> dict[str, Any]:
    return {
        "id": key,
        "type": kind,
        "title": title,
        "labels": [str(r[label]) for r in rows],
        "datasets": [{"label": title, "data": [r[value] for r in rows]}],
        "links": [r.get("link", "") for r in rows],
    }


def _bucket_days(f: Filters, row: dict[str, Any]) -> tuple[date, date]:
    """A day's or a week's first and last day, inside the period."""
    end = row["day"] + timedelta(days=6 if f.by_week else 0)
    return max(row["day"], f.start), min(end, f.end)


def incidents_part(f: Filters, user: User) -> dict[str, Any]:
    daily = figures.series(
        f,
        slices.incident_sums(f, ("opened", "resolved"), "day"),
        ("opened", "resolved"),
    )
    for row in daily:
        row["label"] = _day_label(f, row)
        start, end = _bucket_days(f, row)
        row["link"] = links.incidents(f, start=start, end=end)
        row["resolved_link"] = links.incidents(f, "resolved", by=links.CLOSED, start=start, end=end)
    city, per = figures.metrics_by_department(f)
    return {
        "daily": daily,
        "links": {
            "opened": links.incidents(f),
            "resolved": links.incidents(f, "resolved", by=links.CLOSED),
            "overdue": links.incidents(f, "late"),
        },
        "backlog": figures.backlog(f, user),
        "city": city.as_dict(),
        "before": figures.city_metrics(f.previous()),
        "ranking": figures.ranking(f, per),
        "scorecard": dashboard_pages.scorecard(f),
    }


def messages_part(f: Filters) -> dict[str, Any]:
    rows = slices.message_sums(f, figures.MESSAGE_SUMS, "day")
    daily = figures.series(f, rows, figures.MESSAGE_SUMS)
    for row in daily:
        row["label"] = _day_label(f, row)
        start, end = _bucket_days(f, row)
        row["link"] = links.inbox(f, start=start, end=end)
        rated = row["positive"] + row["neutral"] + row["negative"]
        for tone, _ in TONES:
            row[f"{tone}_share"] = row[tone] / rated if rated else None
        row["toxic_share"] = row["toxic"] / row["count"] if row["count"] else None
    before = slices.message_sums(f.previous(), ("count",))[0]["count"] or 0
    by_category = slices.message_sums(f, ("count",), Dim.CATEGORY)
    return {
        "daily": daily,
        "total": sum(r["count"] for r in daily),
        "before": before,
        **figures.message_breakdowns(f, by_category),
        "growing": figures.growing_topics(f, by_category),
        "pages": dashboard_pages.pages(f),
        "campaigns": dashboard_pages.campaigns(f),
    }


def charts(f: Filters, incidents: dict[str, Any], messages: dict[str, Any] | None) -> list[dict]:
    out = [
        {
            **_chart("incidents-daily", "bar", "Открыто", incidents["daily"], "opened"),
            "datasets": [
                {
                    "label": "Открыто",
                    "data": [r["opened"] for r in incidents["daily"]],
                    "links": [r["link"] for r in incidents["daily"]],
                },
                {
                    "label": "Решено",
                    "data": [r["resolved"] for r in incidents["daily"]],
                    "links": [r["resolved_link"] for r in incidents["daily"]],
                },
            ],
        },
        _chart("backlog", "bar", "Открытые инциденты по возрасту", incidents["backlog"], "count"),
        _chart(
            "ranking", "bar", "Доля просроченных, %", _percent(incidents["ranking"]), "pct", "name"
        ),
    ]
    if messages is None:
        return out
    daily = messages["daily"]
    out += [
        _chart("messages-daily", "line", "Сообщения", daily, "count"),
        _chart("messages-source", "bar", "Сообщения по каналам", messages["source"], "count"),
        _chart(
            "messages-category", "bar", "Сообщения по категориям", messages["category"], "count"
        ),
        _chart(
            "messages-territory", "bar", "Сообщения по территориям", messages["territory"], "count"
        ),
        {
            **_chart("tone", "line", "Тональность", daily, "count"),
            "datasets": [
                {"label": label, "data": [_pct(r[f"{tone}_share"]) for r in daily]}
                for tone, label in TONES
            ]
            + [{"label": "Оскорбления", "data": [_pct(r["toxic_share"]) for r in daily]}],
        },
    ]
    return out


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def _percent(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The overdue share of each department; its bar opens the period's overdue incidents."""
    return [{**r, "pct": _pct(r["overdue_share"]), "link": r["overdue_link"]} for r in rows]


def build(f: Filters, user: User) -> dict[str, Any]:
    incidents = incidents_part(f, user)
    messages = None if user.is_executor else messages_part(f)
    return {"incidents": incidents, "inflow": messages, "charts": charts(f, incidents, messages)}
