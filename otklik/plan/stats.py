"""Read-only: what residents made of a post and of a campaign, from the stored steps.

Engagement rate = (likes + reposts + comments) / views; where the platform gives no views, the
same sum over the reach, and the page says which. Best time to post: the mean engagement rate of
posts by the hour and the weekday of their `publish_at` in the city's time zone; a cell with
fewer than MIN_POSTS posts is hidden rather than guessed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from otklik.plan.actions.metrics import STEP_LABELS, STEPS
from otklik.plan.links import Comments, comments
from otklik.plan.models import Campaign, Post, PostChannel, PostMetric, SubscriberCount

MIN_POSTS = 3  # a heat-map cell needs this many posts
SUBSCRIBER_DAYS = 90
WEEKDAYS = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")
ORDER = {label: index for index, (label, _) in enumerate(STEPS)}
BASIS = {"views": "от просмотров", "reach": "от охвата"}
COUNTS = ("views", "reach", "likes", "reposts", "comments")


def interactions(metric: PostMetric) -> int:
    return (metric.likes or 0) + (metric.reposts or 0) + (metric.comments or 0)


def engagement(metric: PostMetric | None) -> tuple[float | None, str]:
    """(rate, basis): over views, else over reach, else (None, "")."""
    if metric is None:
        return None, ""
    if metric.views:
        return interactions(metric) / metric.views, "views"
    if metric.reach:
        return interactions(metric) / metric.reach, "reach"
    return None, ""


def latest(metrics: list[PostMetric]) -> PostMetric | None:
    return max(metrics, key=lambda m: ORDER.get(m.step, -1), default=None)


@dataclass
class ChannelStats:
    channel: PostChannel
    curve: list[PostMetric]
    comments: int = 0

    @property
    def last(self) -> PostMetric | None:
        return latest(self.curve)

    @property
    def rate(self) -> float | None:
        return engagement(self.last)[0]

    @property
    def basis(self) -> str:
        return BASIS.get(engagement(self.last)[1], "")

    @property
    def rows(self) -> list[tuple[str, PostMetric, float | None]]:
        """(step label, step, engagement rate) along the curve."""
        return [(STEP_LABELS.get(m.step, m.step), m, engagement(m)[0]) for m in self.curve]


@dataclass
class PostStats:
    post: Post
    channels: list[ChannelStats]
    comments: Comments


def _with_metrics(channels: QuerySet[PostChannel]) -> list[PostChannel]:
    ordered = PostMetric.objects.order_by("taken_at", "id")
    return list(
        channels.filter(state=PostChannel.State.PUBLISHED)
        .select_related("source", "post")
        .prefetch_related(Prefetch("metrics", queryset=ordered))
        .order_by("post__publish_at", "post_id", "source__name")
    )


def _channel_stats(channel: PostChannel, found: Comments) -> ChannelStats:
    curve = sorted(channel.metrics.all(), key=lambda m: ORDER.get(m.step, -1))
    return ChannelStats(channel, curve, found.by_channel.get(channel.pk, 0))


def post_stats(post: Post) -> PostStats:
    """Three queries: the channels, their steps, the comments."""
    channels = _with_metrics(PostChannel.objects.filter(post=post))
    found = comments(channels)
    return PostStats(post, [_channel_stats(c, found) for c in channels], found)


# A campaign.


@dataclass
class Totals:
    posts: int = 0
    views: int = 0
    reach: int = 0
    likes: int = 0
    reposts: int = 0
    comments: int = 0

    def add(self, metric: PostMetric | None) -> None:
        if metric is not None:
            for name in COUNTS:
                setattr(self, name, getattr(self, name) + (getattr(metric, name) or 0))

    @property
    def rate(self) -> float | None:
        base = self.views or self.reach
        return (self.likes + self.reposts + self.comments) / base if base else None

    @property
    def basis(self) -> str:
        return BASIS["views"] if self.views else BASIS["reach"] if self.reach else ""


@dataclass
class HeatMap:
    """cells[(weekday, hour)] = (mean rate, posts); hidden cells are absent."""

    cells: dict[tuple[int, int], tuple[float, int]] = field(default_factory=dict)
    hidden: int = 0

    def best(self, n: int = 3) -> list[tuple[str, int, float, int]]:
        ranked = sorted(self.cells.items(), key=lambda kv: -kv[1][0])[:n]
        return [(WEEKDAYS[d], h, rate, posts) for (d, h), (rate, posts) in ranked]


@dataclass
class SubscriberCurve:
    source: str
    points: list[tuple[date, int]]


@dataclass
class CampaignStats:
    campaign: Campaign
    totals: Totals
    by_channel: list[tuple[str, Totals]]
    comments: Comments
    best_campaign: HeatMap
    best_all: HeatMap
    subscribers: list[SubscriberCurve]


def campaign_stats(campaign: Campaign) -> CampaignStats:
    """A handful of queries, whatever the number of posts."""
    channels = _with_metrics(PostChannel.objects.filter(post__campaign=campaign))
    totals, by_channel = _totals(channels)
    return CampaignStats(
        campaign=campaign,
        totals=totals,
        by_channel=by_channel,
        comments=comments(channels),
        best_campaign=heat_map(channels),
        best_all=heat_map(_with_metrics(PostChannel.objects.all())),
        subscribers=subscriber_curves({c.source_id for c in channels}),
    )


def _totals(channels: list[PostChannel]) -> tuple[Totals, list[tuple[str, Totals]]]:
    total = Totals()
    per: dict[str, Totals] = defaultdict(Totals)
    total.posts = len({c.post_id for c in channels})
    for channel in channels:
        last = latest(list(channel.metrics.all()))
        total.add(last)
        per[str(channel.source)].add(last)
        per[str(channel.source)].posts += 1
    return total, sorted(per.items())


def heat_map(channels: list[PostChannel]) -> HeatMap:
    """Mean engagement by (weekday, hour) of publish_at, city time; one value per post."""
    per_post: dict[int, list[float]] = defaultdict(list)
    when: dict[int, datetime] = {}
    for channel in channels:
        rate = engagement(latest(list(channel.metrics.all())))[0]
        if rate is not None:
            per_post[channel.post_id].append(rate)
            when[channel.post_id] = channel.post.publish_at
    cells: dict[tuple[int, int], list[float]] = defaultdict(list)
    for post_id, rates in per_post.items():
        local = timezone.localtime(when[post_id])
        cells[(local.weekday(), local.hour)].append(sum(rates) / len(rates))
    shown = {k: (sum(v) / len(v), len(v)) for k, v in cells.items() if len(v) >= MIN_POSTS}
    return HeatMap(shown, hidden=len(cells) - len(shown))


def subscriber_curves(source_ids: set[int], days: int = SUBSCRIBER_DAYS) -> list[SubscriberCurve]:
    since = timezone.localdate() - timedelta(days=days)
    rows = (
        SubscriberCount.objects.filter(source_id__in=source_ids, day__gte=since)
        .select_related("source")
        .order_by("source__name", "day")
    )
    curves: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for row in rows:
        curves[str(row.source)].append((row.day, row.count))
    return [SubscriberCurve(name, points) for name, points in curves.items()]
