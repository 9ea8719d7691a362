"""Our official pages on the dashboard, and the weekly scorecard like the regional rating."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from otklik.analytics import dashboard_slices as slices
from otklik.analytics.dashboard_figures import INCIDENT_SUMS, Metrics
from otklik.analytics.dashboard_filters import Filters
from otklik.analytics.facts import day_window
from otklik.plan.models import Campaign, ChannelNorm, PostChannel
from otklik.plan.stats import Totals, latest, subscriber_curves
from otklik.sources.models import Source

SCORE_WEEKS = 8
CAMPAIGNS = 5


def _published(start: date, end: date) -> Q:
    return Q(published_at__gte=day_window(start)[0], published_at__lt=day_window(end)[1])


def pages(f: Filters) -> list[dict[str, Any]]:
    """Each of our channels with a posting norm: subscribers, posts against the norm."""
    norms = list(ChannelNorm.objects.select_related("source").order_by("source__name"))
    ids = {n.source_id for n in norms}
    posts = dict(
        PostChannel.objects.filter(_published(f.start, f.end), source_id__in=ids)
        .values_list("source_id")
        .annotate(n=Count("pk"))
    )
    curves = {c.source: c.points for c in subscriber_curves(ids, days=f.days)}
    rows = []
    for norm in norms:
        points = curves.get(str(norm.source), [])
        expected = norm.weekly_posts * f.days / 7
        rows.append(
            {
                "label": str(norm.source),
                "subscribers": points[-1][1] if points else None,
                "growth": points[-1][1] - points[0][1] if len(points) > 1 else None,
                "posts": posts.get(norm.source_id, 0),
                "norm": round(expected, 1),
                "share": posts.get(norm.source_id, 0) / expected if expected else None,
            }
        )
    return rows


def campaigns(f: Filters) -> list[dict[str, Any]]:
    """Reach and engagement of the campaigns that ran in the period (the latest metrics)."""
    found = list(
        Campaign.objects.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=f.end),
            Q(ends_on__isnull=True) | Q(ends_on__gte=f.start),
        ).order_by("-starts_on", "title")[:CAMPAIGNS]
    )
    channels = PostChannel.objects.filter(post__campaign__in=found).prefetch_related("metrics")
    totals: dict[int, Totals] = defaultdict(Totals)
    posts: dict[int, set[int]] = defaultdict(set)
    for channel in channels.select_related("post"):
        totals[channel.post.campaign_id].add(latest(list(channel.metrics.all())))
        posts[channel.post.campaign_id].add(channel.post_id)
    return [
        {
            "label": c.title,
            "posts": len(posts[c.pk]),
            "views": totals[c.pk].views,
            "reach": totals[c.pk].reach,
            "rate": totals[c.pk].rate,
            "link": f"/plan/campaigns/{c.slug}/",
        }
        for c in found
    ]


def scorecard(f: Filters) -> list[dict[str, Any]]:
    """The last SCORE_WEEKS weeks to the period's end: incident work, official pages, media."""
    monday = f.end - timedelta(days=f.end.weekday())
    first = monday - timedelta(weeks=SCORE_WEEKS - 1)
    weeks = Filters(first, monday + timedelta(days=6), *f._rest())
    incident = _weekly_metrics(weeks)
    pages_week = _weekly_pages(weeks)
    media = _weekly_media(weeks)
    return [
        {
            "week": first + timedelta(weeks=i),
            **incident[first + timedelta(weeks=i)].as_dict(),
            **pages_week.get(first + timedelta(weeks=i), {}),
            "media": media.get(first + timedelta(weeks=i), 0),
        }
        for i in range(SCORE_WEEKS)
    ]


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weekly_metrics(f: Filters) -> dict[date, Metrics]:
    out: dict[date, Metrics] = defaultdict(Metrics)
    for row in slices.incident_sums(f, INCIDENT_SUMS, "day"):
        out[_week(row["day"])].add(row)
    for row in slices.durations(f, "week"):
        out[row["week"]].count(row)
    return out


def _weekly_pages(f: Filters) -> dict[date, dict[str, Any]]:
    norms = dict(ChannelNorm.objects.values_list("source_id", "weekly_posts"))
    channels = PostChannel.objects.filter(_published(f.start, f.end), source_id__in=norms)
    per: dict[date, dict[str, Any]] = defaultdict(lambda: {"sources": set(), "totals": Totals()})
    for channel in channels.prefetch_related("metrics"):
        week = per[_week(timezone.localtime(channel.published_at).date())]
        week["sources"].add(channel.source_id)
        week["totals"].add(latest(list(channel.metrics.all())))
        week["totals"].posts += 1
    expected = sum(norms.values())
    return {
        week: {
            "presence": len(v["sources"]) / len(norms) if norms else None,
            "posting": v["totals"].posts / expected if expected else None,
            "engagement": v["totals"].rate,
        }
        for week, v in per.items()
    }


def _weekly_media(f: Filters) -> dict[date, int]:
    feeds = replace(f, channel=Source.Kind.FEED)
    out: dict[date, int] = defaultdict(int)
    for row in slices.message_sums(feeds, ("count",), "day"):
        out[_week(row["day"])] += row["count"]
    return out
