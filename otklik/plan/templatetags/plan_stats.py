"""`{% post_metrics post %}` and `{% campaign_stats campaign %}`: what residents made of a post
and of a campaign, drawn on the post's card and the campaign's page (inline SVG charts with a
table of the same numbers beside each)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from otklik.plan import charts
from otklik.plan.models import Campaign, Post
from otklik.plan.stats import WEEKDAYS, ChannelStats, post_stats
from otklik.plan.stats import campaign_stats as build_campaign

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    return charts.number(value, percent=True)


@register.filter
def count(value: float | None) -> str:
    return charts.number(value)


def channel_charts(stats: ChannelStats) -> dict[str, str]:
    xs = [label for label, _, _ in stats.rows]
    name = str(stats.channel.source)
    views = [float(m.views) if m.views is not None else None for _, m, _ in stats.rows]
    rates = [rate for _, _, rate in stats.rows]
    return {
        "views": charts.line_chart(f"Просмотры по срезам: {name}", xs, [("просмотры", views)]),
        "rate": charts.line_chart(
            f"Вовлечённость по срезам: {name}", xs, [("вовлечённость", rates)], percent=True
        ),
    }


@register.simple_tag
def post_metrics(post: Post) -> SafeString:
    stats = post_stats(post)
    channels = [{"stats": c, "charts": channel_charts(c)} for c in stats.channels]
    return render_to_string("plan/_metrics.html", {"stats": stats, "channels": channels})


def _heat(title: str, heat: Any) -> dict[str, Any]:
    cells = {key: rate for key, (rate, _) in heat.cells.items()}
    return {"svg": charts.heat_map(title, cells, WEEKDAYS), "map": heat, "title": title}


@register.simple_tag
def campaign_stats(campaign: Campaign) -> SafeString:
    stats = build_campaign(campaign)
    bars = [(name, float(t.views or t.reach)) for name, t in stats.by_channel]
    curves = [
        charts.line_chart(
            f"Подписчики: {curve.source}",
            [day.strftime("%d.%m") for day, _ in curve.points],
            [(curve.source, [float(n) for _, n in curve.points])],
        )
        for curve in stats.subscribers
    ]
    context = {
        "stats": stats,
        "bars": charts.bar_chart("Просмотры (или охват) по каналам", bars),
        "heats": [
            _heat("Вовлечённость по часам и дням: кампания", stats.best_campaign),
            _heat("Вовлечённость по часам и дням: все посты", stats.best_all),
        ],
        "subscribers": list(zip(stats.subscribers, curves, strict=True)),
    }
    return render_to_string("plan/_campaign_stats.html", context)
