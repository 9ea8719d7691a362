"""The demo's month of content plan: posts of Seversk's campaigns, past and coming.

About 2–3 posts a day from three weeks ago to two weeks ahead, on the demo's VK, Telegram and OK
channels, through plan's actions (create, submit, approve) as the press officer would. A past post
is then marked out as the worker would have put it: the stand-in's id and link per channel, the
events, and the statistics steps whose time has passed (views, reach, likes, reposts, comments;
Telegram's Bot API gives none). A few channels failed, with the reason in Russian. Coming posts
are approved (the demo worker publishes them when due), on approval or drafts. Each channel gets
its weekly norm and thirty days of subscriber counts.

Three posts carry a picture (WITH_IMAGE): a card in the campaign's colour with its title, drawn
with Pillow at seed time (no downloads) and kept through plan.actions.images like an upload, so
the demo worker publishes a coming one through the stand-in's upload flows.

Idempotent: each post's `external_id` is «demo-plan-<date>-<slot>», and a post that exists is
left alone, so a second run the same day creates nothing; a run on a later day adds the days
that came into the window. Times are relative to now, so the demo always looks current.
"""

from __future__ import annotations

import io
import random
import textwrap
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from PIL import Image, ImageColor, ImageDraw, ImageFont

from otklik.accounts.models import User
from otklik.demo import platform
from otklik.demo.audience import engagement, subscribers
from otklik.demo.plan_texts import STREETS, TEXTS, YARDS
from otklik.plan import actions
from otklik.plan.actions import images
from otklik.plan.models import (
    Campaign,
    ChannelNorm,
    Post,
    PostChannel,
    PostEvent,
    PostMetric,
    SubscriberCount,
)
from otklik.sources.models import Source
from otklik.sources.telegram.adapter import TelegramAdapter

PAST_DAYS = 21
FUTURE_DAYS = 14
SUBSCRIBER_DAYS = 30
SLOTS = (time(9, 30), time(13, 0), time(17, 30))  # the city's time
PREFIX = "demo-plan-"
#: The statistics steps after publication (plan.models.PostMetric.step).
STEPS = (
    ("1h", timedelta(hours=1)),
    ("6h", timedelta(hours=6)),
    ("24h", timedelta(hours=24)),
    ("72h", timedelta(hours=72)),
    ("7d", timedelta(days=7)),
)
NORMS = {
    "vk": (ChannelNorm.Category.FLAGSHIP, 14),
    "telegram": (ChannelNorm.Category.ACTIVE, 10),
    "ok": (ChannelNorm.Category.ACTIVE, 7),
}
TELEGRAM_NOTE = TelegramAdapter.no_metrics
FAILURES = {
    "ok": "Одноклассники: ключ доступа группы отклонён (ошибка 102): переподключите группу в "
    "разделе «Каналы» и нажмите «Повторить»",
    "vk": "ВКонтакте: слишком много публикаций за сутки (ошибка 214): опубликуйте пост "
    "вручную или повторите завтра",
}
#: Base of the seeded posts' ids on the stand-in: far above the ids it gives out at first.
NUMBERS = 500_000
#: The posts with a picture, by (days from today, slot): one past, two coming.
WITH_IMAGE = {(-3, 0), (1, 1), (2, 0)}
CARD = (1200, 630)


@dataclass(frozen=True)
class Planned:
    external_id: str
    campaign: str
    text: str
    publish_at: datetime
    kinds: tuple[str, ...]
    number: int


def city_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def planned_posts(today: date, slugs: list[str]) -> list[Planned]:
    """The plan from `PAST_DAYS` before `today` to `FUTURE_DAYS` after, 2–3 posts a day."""
    posts = []
    for offset in range(-PAST_DAYS, FUTURE_DAYS + 1):
        day = today + timedelta(days=offset)
        rng = random.Random(day.toordinal())
        for slot in range(2 + (day.toordinal() % 2)):
            slug = slugs[(day.toordinal() * 3 + slot) % len(slugs)]
            posts.append(_planned(day, slot, slug, rng))
    return posts


def _planned(day: date, slot: int, slug: str, rng: random.Random) -> Planned:
    texts = TEXTS.get(slug) or TEXTS["vstrechi-mera"]
    text = texts[(day.toordinal() + slot) % len(texts)].format(
        street=rng.choice(STREETS),
        street2=rng.choice(STREETS),
        yard=rng.choice(YARDS),
        date=_words(day + timedelta(days=rng.randint(3, 12))),
        n=rng.randint(3, 12),
    )
    kinds = ("vk", "telegram", "ok") if (day.toordinal() + slot) % 4 else ("vk", "telegram")
    moment = datetime.combine(day, SLOTS[slot], city_zone()) + timedelta(minutes=rng.randint(0, 20))
    number = NUMBERS + (day - date(2026, 1, 1)).days * 10 + slot
    return Planned(f"{PREFIX}{day.isoformat()}-{slot}", slug, text, moment, kinds, number)


MONTHS = (
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
    "октября", "ноября", "декабря",
)  # fmt: skip


def _words(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


# Where a post lives on the stand-in.


def external_id(kind: str, number: int) -> str:
    """The platform's id of a post, as the channel adapter returns it from publish_post."""
    if kind == "vk":
        return f"wall-{platform.VK_GROUP_ID}_{number}"
    if kind == "telegram":
        return f"tg{platform.TG_CHANNEL_ID}_{number}"
    return f"topic{number}"


def post_page(kind: str, settings: dict[str, Any], external: str) -> str:
    """The post's page on the site the source's `web_url` names (in the demo: the stand-in)."""
    site = str(settings.get("web_url") or "").rstrip("/")
    number = external.rsplit("_", 1)[-1].removeprefix("topic")
    if not site or not number.isdigit():
        return ""
    if kind == "vk":
        return f"{site}/{external}"
    if kind == "telegram":
        return f"{site}/c/{str(platform.TG_CHANNEL_ID).removeprefix('-100')}/{number}"
    return f"{site}/group/{platform.OK_GROUP_ID}/topic/{number}"


# The seed.


def seed_plan(moderator: User, sources: dict[str, Source]) -> dict[str, int]:
    """Called from the demo seed (inside its transaction); returns how many posts are new."""
    channels = {kind: sources[kind] for kind in ("vk", "telegram", "ok") if kind in sources}
    campaigns = {c.slug: c for c in Campaign.objects.all()}
    slugs = [slug for slug in TEXTS if slug in campaigns] or list(TEXTS)
    now = timezone.now()
    existing = set(
        Post.objects.filter(external_id__startswith=PREFIX).values_list("external_id", flat=True)
    )
    new, today = 0, timezone.localdate(now)
    for index, planned in enumerate(planned_posts(today, slugs)):
        if planned.external_id in existing:
            continue
        used = [channels[k] for k in planned.kinds if k in channels]
        if used:
            campaign = campaigns.get(planned.campaign)
            image = _image(campaign) if _day_slot(planned, today) in WITH_IMAGE else ""
            _create(moderator, planned, used, campaign, index, now, image)
            new += 1
    for source in channels.values():
        _norm(source)
        _subscribers(source, now)
    return {"plan_posts_new": new}


def _create(
    moderator: User,
    planned: Planned,
    sources: list[Source],
    campaign: Campaign | None,
    index: int,
    now: datetime,
    image: str = "",
) -> None:
    post = actions.create_post(
        moderator,
        text=planned.text,
        publish_at=planned.publish_at,
        sources=sources,
        campaign=campaign,
        external_id=planned.external_id,
        image=image,
    )
    past = planned.publish_at <= now
    if past or index % 4 != 3:
        actions.submit(moderator, post)
    if past or index % 4 in (0, 1):
        actions.approve(moderator, post)
    _backdate(post, planned.publish_at, now)
    if past:
        failed = {"ok"} if index % 17 == 5 else {"vk"} if index % 29 == 11 else set()
        for channel in post.channels.select_related("source"):
            _published(channel, planned, channel.source.kind in failed, now)
        actions._settle(post.pk)


def _day_slot(planned: Planned, today: date) -> tuple[int, int]:
    """(days from today, slot) of a planned post, from its external id «…-<date>-<slot>»."""
    day, _, slot = planned.external_id.removeprefix(PREFIX).rpartition("-")
    return (date.fromisoformat(day) - today).days, int(slot)


def card(title: str, colour: str) -> bytes:
    """A PNG card: the campaign's colour, its title in white."""
    picture = Image.new("RGB", CARD, ImageColor.getrgb(colour or "#4a76a8"))
    draw = ImageDraw.Draw(picture)
    try:
        font: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.truetype(
            "DejaVuSans.ttf", 56
        )
    except OSError:
        font = ImageFont.load_default(size=56)
    lines = textwrap.wrap(title, 32) or ["Северск"]
    for row, line in enumerate([*lines[:4], "Администрация ЗАТО Северск"]):
        draw.text((70, 90 + row * 90), line, fill=(255, 255, 255), font=font)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def _image(campaign: Campaign | None) -> str:
    """The card re-encoded and kept like an upload (plan.actions.images)."""
    title = campaign.title if campaign else "План публикаций"
    colour = campaign.colour if campaign else "#4a76a8"
    return images.keep(images.clean_upload(card(title, colour)))


def _backdate(post: Post, publish_at: datetime, now: datetime) -> None:
    """Written two days ahead, approved the day before (never later than now)."""
    written = min(publish_at - timedelta(days=2, hours=3), now)
    approved = min(publish_at - timedelta(hours=20), now)
    Post.objects.filter(pk=post.pk).update(created_at=written, updated_at=approved)
    if post.approved_at:
        Post.objects.filter(pk=post.pk).update(approved_at=approved)
    for event in post.events.all():
        moment = written if event.kind == PostEvent.Kind.CREATED else approved
        PostEvent.objects.filter(pk=event.pk).update(at=moment)


def _published(channel: PostChannel, planned: Planned, failed: bool, now: datetime) -> None:
    """What the worker would have written for this channel, and its statistics so far."""
    kind = channel.source.kind
    out = planned.publish_at + timedelta(seconds=20 + planned.number % 40)
    if failed:
        reason = FAILURES[kind]
        PostChannel.objects.filter(pk=channel.pk).update(
            state=PostChannel.State.FAILED, attempts=1, reason=reason, error="demo"
        )
        PostEvent.objects.create(
            post_id=channel.post_id,
            at=out,
            kind=PostEvent.Kind.FAILED,
            text=f"{channel.source}: {reason}",
        )
        return
    external = external_id(kind, planned.number)
    url = post_page(kind, channel.source.settings or {}, external)
    taken = [(step, out + after) for step, after in STEPS if out + after <= now]
    following = [out + after for _, after in STEPS if out + after > now]
    PostChannel.objects.filter(pk=channel.pk).update(
        state=PostChannel.State.PUBLISHED,
        external_id=external,
        url=url,
        published_at=out,
        attempts=1,
        metrics_step=0 if kind == "telegram" else len(taken),
        next_metrics_at=None if kind == "telegram" or not following else following[0],
        metrics_note=TELEGRAM_NOTE if kind == "telegram" else "",
    )
    PostEvent.objects.create(
        post_id=channel.post_id,
        at=out,
        kind=PostEvent.Kind.PUBLISHED,
        text=f"{channel.source}: {url or external}",
    )
    if kind != "telegram":
        _metrics(channel, kind, planned.number, out, taken)


def _metrics(
    channel: PostChannel, kind: str, number: int, out: datetime, taken: list[tuple[str, datetime]]
) -> None:
    for step, moment in taken:
        figures = engagement(kind, number, (moment - out).total_seconds())
        PostMetric.objects.get_or_create(
            channel=channel,
            step=step,
            defaults={
                "taken_at": moment,
                "views": figures["views"],
                "reach": figures["reach"] if kind == "vk" else None,
                "likes": figures["likes"],
                "reposts": figures["reposts"],
                "comments": figures["comments"],
            },
        )


def _norm(source: Source) -> None:
    category, weekly = NORMS.get(source.kind, (ChannelNorm.Category.ACTIVE, 7))
    ChannelNorm.objects.get_or_create(
        source=source, defaults={"category": category, "weekly_posts": weekly}
    )


def _subscribers(source: Source, now: datetime) -> None:
    today = timezone.localdate(now)
    for back in range(SUBSCRIBER_DAYS):
        day = today - timedelta(days=back)
        moment = min(datetime.combine(day, time(23, 0), city_zone()), now)
        SubscriberCount.objects.get_or_create(
            source=source,
            day=day,
            defaults={"count": subscribers(source.kind, moment.timestamp()), "taken_at": moment},
        )


# The stand-in, when the demo starts.


def attach(server: platform.StandIn) -> int:
    """Put the demo's published posts on the stand-in and point their links at it (its port
    changes with each start); returns how many channels it re-linked."""
    ours = [
        s.pk
        for s in Source.objects.filter(kind__in=NORMS)
        if str((s.settings or {}).get("base_url", "")).startswith(server.url)
    ]
    published = PostChannel.objects.filter(
        state=PostChannel.State.PUBLISHED, source_id__in=ours
    ).select_related("post", "source")
    posts, relinked = [], 0
    for channel in published:
        kind, number = channel.source.kind, channel.external_id.rsplit("_", 1)[-1]
        number = number.removeprefix("topic")
        if number.isdigit() and channel.published_at:
            posts.append((kind, int(number), channel.body, channel.published_at.timestamp()))
        url = post_page(kind, channel.source.settings or {}, channel.external_id)
        if url and url != channel.url:
            relinked += PostChannel.objects.filter(pk=channel.pk).update(url=url)
    server.add_posts(posts)
    return relinked
