"""Read-only figures of a report: the official pages (audience growth, posts against the norm)
and the information work by national project and programme (posts, reach, engagement).

Computed from plan's tables with aggregate queries: SubscriberCount's first and last day in the
period per page; PostChannel rows published in the period, each with its latest statistics step
(the same «latest step» as plan.stats, so the campaign page and the report agree).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q, QuerySet

from otklik.analytics.report_period import Period
from otklik.plan.models import Campaign, ChannelNorm, PostChannel, PostMetric, SubscriberCount
from otklik.plan.stats import ORDER
from otklik.sources.models import Source

NO_CAMPAIGN = "Без кампании"


@dataclass
class PageGrowth:
    source_id: int
    name: str  # the page's title, else its code
    platform: str  # «ВКонтакте», «Telegram» …
    first: int | None  # subscribers on the first counted day of the period
    last: int | None  # … and on the last one
    posts: int = 0  # our posts published there in the period
    norm: int | None = None  # posts expected in the period by the page's weekly norm

    @property
    def growth(self) -> int | None:
        return None if self.first is None or self.last is None else self.last - self.first

    @property
    def growth_share(self) -> float | None:
        return self.growth / self.first if self.growth is not None and self.first else None


@dataclass
class Reach:
    posts: int = 0  # distinct posts with a publication in the period
    publications: int = 0  # post × channel published in the period
    views: int = 0
    reach: int = 0
    interactions: int = 0  # likes + reposts + comments

    @property
    def engagement(self) -> float | None:
        base = self.views or self.reach
        return self.interactions / base if base else None


@dataclass
class CampaignRow:
    title: str
    kind: str  # Campaign.Kind label, «» for posts outside campaigns
    figures: Reach = field(default_factory=Reach)


def pages(period: Period) -> list[PageGrowth]:
    """Every page with subscriber counts or our publications in the period."""
    rows = _subscribers(period)
    for source_id, posts in _posts_by_page(period).items():
        rows.setdefault(source_id, PageGrowth(source_id, "", "", None, None)).posts = posts
    sources = Source.objects.in_bulk(list(rows))
    norms = dict(ChannelNorm.objects.values_list("source_id", "weekly_posts"))
    for source_id, row in rows.items():
        source = sources[source_id]
        row.name = source.title or source.name
        row.platform = source.get_kind_display()
        if source_id in norms:
            row.norm = round(norms[source_id] * period.days / 7)
    return sorted(rows.values(), key=lambda r: (-(r.last or 0), r.name))


def _subscribers(period: Period) -> dict[int, PageGrowth]:
    days = SubscriberCount.objects.filter(day__gte=period.first_day, day__lte=period.last_day)
    edges = days.values("source_id").annotate(first=Min("day"), last=Max("day"))
    wanted = Q(pk__in=[])
    for edge in edges:
        wanted |= Q(source_id=edge["source_id"], day__in=(edge["first"], edge["last"]))
    counts = {(r.source_id, r.day): r.count for r in SubscriberCount.objects.filter(wanted)}
    return {
        e["source_id"]: PageGrowth(
            e["source_id"],
            "",
            "",
            counts[(e["source_id"], e["first"])],
            counts[(e["source_id"], e["last"])],
        )
        for e in edges
    }


def _published(period: Period) -> QuerySet[PostChannel]:
    return PostChannel.objects.filter(
        state=PostChannel.State.PUBLISHED,
        published_at__gte=period.start,
        published_at__lt=period.end,
    )


def _posts_by_page(period: Period) -> dict[int, int]:
    rows = _published(period).values("source_id").annotate(n=Count("post_id", distinct=True))
    return {r["source_id"]: r["n"] for r in rows}


def campaigns(period: Period) -> list[CampaignRow]:
    """Per campaign (national projects first, then programmes, themes, and posts without a
    campaign): posts and publications in the period, and what residents made of them."""
    channels = list(_published(period).values("pk", "post_id", "post__campaign_id"))
    latest = _latest_metrics([c["pk"] for c in channels])
    found: dict[int | None, Reach] = defaultdict(Reach)
    posts: dict[int | None, set[int]] = defaultdict(set)
    for channel in channels:
        key = channel["post__campaign_id"]
        posts[key].add(channel["post_id"])
        _add(found[key], latest.get(channel["pk"]))
    for key, figures in found.items():
        figures.posts = len(posts[key])
    return _campaign_rows(found)


def _latest_metrics(channel_ids: list[int]) -> dict[int, dict]:
    """channel id → its latest step's counts (by the step order, as plan.stats reads them)."""
    latest: dict[int, dict] = {}
    fields = ("channel_id", "step", "views", "reach", "likes", "reposts", "comments")
    for start in range(0, len(channel_ids), 500):
        chunk = channel_ids[start : start + 500]
        for row in PostMetric.objects.filter(channel_id__in=chunk).values(*fields):
            held = latest.get(row["channel_id"])
            if held is None or ORDER.get(row["step"], -1) > ORDER.get(held["step"], -1):
                latest[row["channel_id"]] = row
    return latest


def _add(figures: Reach, metric: dict | None) -> None:
    figures.publications += 1
    if metric is None:
        return
    figures.views += metric["views"] or 0
    figures.reach += metric["reach"] or 0
    figures.interactions += sum(metric[k] or 0 for k in ("likes", "reposts", "comments"))


KIND_ORDER = {Campaign.Kind.NATIONAL: 0, Campaign.Kind.MUNICIPAL: 1, Campaign.Kind.THEME: 2}


def _campaign_rows(found: dict[int | None, Reach]) -> list[CampaignRow]:
    known = Campaign.objects.in_bulk([k for k in found if k is not None])
    rows = []
    for key, figures in found.items():
        campaign = known.get(key) if key is not None else None
        if campaign is None:
            rows.append((9, NO_CAMPAIGN, CampaignRow(NO_CAMPAIGN, "", figures)))
            continue
        order = KIND_ORDER.get(campaign.kind, 3)
        row = CampaignRow(campaign.title, campaign.get_kind_display(), figures)
        rows.append((order, campaign.title, row))
    return [row for *_, row in sorted(rows, key=lambda r: (r[0], -r[2].figures.reach, r[1]))]
