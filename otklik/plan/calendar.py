"""The content plan's calendar: the month grid, the week of hours, and each channel's weekly
norm against the plan.

The grids are plain computation over chips (`month_grid`, `week_grid`, `norm_rows`: tested as
tables); the loaders (`chips_between`, `load_norms`) read the rows they need in one query each.
Days are the city's (settings.TIME_ZONE): a post at 2026-11-30 20:00 UTC is on 1 December in
Tomsk. Weeks start on Monday.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, Q

from otklik.plan.actions import PUBLISHABLE
from otklik.plan.actions.schedule import movable
from otklik.plan.models import ChannelNorm, Post, PostChannel
from otklik.sources.models import Source

OVERLOAD = 4  # more posts than this on one day is an overload
FIRST_HOUR, LAST_HOUR = 8, 21  # the week's rows, widened to fit a post outside them
NO_CAMPAIGN_COLOUR = "#9aa3af"
EXCERPT = 60  # characters of the text shown for a post without a title

MONTHS = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
MONTHS_OF = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
WEEKDAYS = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")
BADGES = {"vk": "ВК", "telegram": "ТГ", "ok": "ОК", "max": "MAX"}
#: Posts that count towards a channel's plan: waiting for approval, approved, or out already.
PLANNED = {
    Post.State.ON_APPROVAL,
    Post.State.APPROVED,
    Post.State.PUBLISHED,
    Post.State.PARTLY_FAILED,
}

IsWorking = Callable[[date], bool]


def city_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def spoken(moment: datetime, tz: tzinfo) -> str:
    """«1 декабря 2026, 10:00» in `tz`."""
    local = moment.astimezone(tz)
    return f"{local.day} {MONTHS_OF[local.month - 1]} {local.year}, {local:%H:%M}"


def day_title(day: date) -> str:
    """«1 декабря»."""
    return f"{day.day} {MONTHS_OF[day.month - 1]}"


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def moved(publish_at: datetime, day: date, at: time | None, tz: tzinfo) -> datetime:
    """`publish_at` moved to `day`, at `at` or at its own time of day in the city."""
    local = publish_at.astimezone(tz)
    return datetime.combine(day, at or local.time().replace(tzinfo=None), tzinfo=tz)


# Chips: one post as the calendar shows it.


@dataclass(frozen=True)
class Badge:
    kind: str
    label: str  # ВК, ТГ, ОК, MAX
    channel: str
    state: str


@dataclass(frozen=True)
class Chip:
    id: int
    at: datetime  # in the city's time zone
    title: str
    campaign: str
    colour: str
    state: str
    state_label: str
    badges: tuple[Badge, ...] = ()
    movable: bool = True

    @property
    def day(self) -> date:
        return self.at.date()

    @property
    def time(self) -> str:
        return f"{self.at:%H:%M}"


def chip_for(post: Post, tz: tzinfo) -> Chip:
    """From a post with its campaign and channels (with sources) loaded."""
    channels = list(post.channels.all())
    text = " ".join(post.text.split())
    excerpt = text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"
    return Chip(
        id=post.pk,
        at=post.publish_at.astimezone(tz),
        title=post.title or excerpt,
        campaign=post.campaign.title if post.campaign else "",
        colour=post.campaign.colour if post.campaign else NO_CAMPAIGN_COLOUR,
        state=post.state,
        state_label=post.get_state_display(),
        badges=tuple(
            Badge(
                c.source.kind,
                BADGES.get(c.source.kind, c.source.kind.upper()),
                str(c.source),
                c.state,
            )
            for c in channels
        ),
        movable=movable(post, [c.state for c in channels]),
    )


def chips_between(first: date, last: date, tz: tzinfo) -> list[Chip]:
    """The posts from `first` to `last` inclusive, city days: one query, its prefetch one more."""
    posts = (
        Post.objects.filter(
            publish_at__gte=midnight(first, tz),
            publish_at__lt=midnight(last + timedelta(days=1), tz),
        )
        .select_related("campaign")
        .prefetch_related(
            Prefetch("channels", queryset=PostChannel.objects.select_related("source"))
        )
        .order_by("publish_at", "id")
    )
    return [chip_for(p, tz) for p in posts]


# Days and grids.


@dataclass
class Day:
    date: date
    in_range: bool  # False: a day of the month before or after, shown dimmed
    working: bool
    today: bool = False
    chips: list[Chip] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.chips)

    @property
    def gap(self) -> bool:
        """«пусто»: a working day of the shown range with no post."""
        return self.in_range and self.working and not self.chips

    @property
    def overload(self) -> bool:
        return self.count > OVERLOAD

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.date.weekday()]

    @property
    def title(self) -> str:
        return day_title(self.date)


def _days(
    dates: Iterable[date],
    chips: Iterable[Chip],
    in_range: Callable[[date], bool],
    is_working: IsWorking,
    today: date | None,
) -> list[Day]:
    days = [Day(d, in_range(d), is_working(d), d == today) for d in dates]
    by_date = {d.date: d for d in days}
    for chip in sorted(chips, key=lambda c: (c.at, c.id)):
        if chip.day in by_date:
            by_date[chip.day].chips.append(chip)
    return days


@dataclass
class Month:
    year: int
    month: int
    weeks: list[list[Day]]

    @property
    def title(self) -> str:
        return f"{MONTHS[self.month - 1].capitalize()} {self.year}"

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def previous(self) -> str:
        return (
            f"{self.year - 1:04d}-12"
            if self.month == 1
            else f"{self.year:04d}-{self.month - 1:02d}"
        )

    @property
    def next(self) -> str:
        return (
            f"{self.year + 1:04d}-01"
            if self.month == 12
            else f"{self.year:04d}-{self.month + 1:02d}"
        )

    @property
    def mondays(self) -> list[date]:
        return [week[0].date for week in self.weeks]


def month_span(year: int, month: int) -> tuple[date, date]:
    """The grid's first Monday and last Sunday around the month."""
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return monday(first), monday(last) + timedelta(days=6)


def month_grid(
    year: int, month: int, chips: Iterable[Chip], is_working: IsWorking, today: date | None = None
) -> Month:
    start, end = month_span(year, month)
    dates = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    days = _days(dates, chips, lambda d: d.month == month, is_working, today)
    return Month(year, month, [days[i : i + 7] for i in range(0, len(days), 7)])


@dataclass
class Cell:
    date: date
    hour: int
    chips: list[Chip]


@dataclass
class Week:
    start: date
    days: list[Day]
    rows: list[tuple[int, list[Cell]]]

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def title(self) -> str:
        end = self.end
        if self.start.month == end.month:
            return f"{self.start.day}–{day_title(end)} {end.year}"
        return f"{day_title(self.start)} – {day_title(end)} {end.year}"

    @property
    def previous(self) -> date:
        return self.start - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.start + timedelta(days=7)


def week_grid(
    start: date, chips: Iterable[Chip], is_working: IsWorking, today: date | None = None
) -> Week:
    """Seven days from Monday `start`, and rows of hours FIRST_HOUR..LAST_HOUR widened to fit."""
    start = monday(start)
    dates = [start + timedelta(days=n) for n in range(7)]
    days = _days(dates, chips, lambda d: True, is_working, today)
    hours = [c.at.hour for d in days for c in d.chips]
    first, last = min([FIRST_HOUR, *hours]), max([LAST_HOUR, *hours])
    rows = [
        (hour, [Cell(d.date, hour, [c for c in d.chips if c.at.hour == hour]) for d in days])
        for hour in range(first, last + 1)
    ]
    return Week(start, days, rows)


# Norms: plan / fact / norm per channel and week.


@dataclass(frozen=True)
class Figure:
    week: date  # its Monday
    planned: int
    fact: int
    norm: int | None

    @property
    def short(self) -> bool:
        """Fewer posts planned than the norm asks."""
        return self.norm is not None and self.planned < self.norm


@dataclass(frozen=True)
class NormRow:
    source_id: int
    channel: str
    kind: str
    badge: str
    category: str  # "" where no norm is set
    category_label: str
    weekly_posts: int | None
    figures: tuple[Figure, ...]


#: (source id, post's publish_at, post's state, channel's state, channel's published_at)
ChannelFact = tuple[int, datetime, str, str, datetime | None]


def _week_of(moment: datetime | None, tz: tzinfo) -> date | None:
    return monday(moment.astimezone(tz).date()) if moment is not None else None


def norm_rows(
    weeks: list[date],
    sources: Iterable[Source],
    norms: dict[int, ChannelNorm],
    facts: Iterable[ChannelFact],
    tz: tzinfo,
) -> list[NormRow]:
    """Per channel and shown week: planned (a post with that channel in the week, waiting for
    approval, approved or out, the channel not failed), fact (the channel published in the
    week) and the weekly norm."""
    planned: dict[tuple[int, date | None], int] = {}
    fact: dict[tuple[int, date | None], int] = {}
    for source_id, publish_at, post_state, state, published_at in facts:
        if post_state in PLANNED and state != PostChannel.State.FAILED:
            key = (source_id, _week_of(publish_at, tz))
            planned[key] = planned.get(key, 0) + 1
        if state == PostChannel.State.PUBLISHED:
            key = (source_id, _week_of(published_at, tz))
            fact[key] = fact.get(key, 0) + 1
    rows = []
    for source in sources:
        norm = norms.get(source.pk)
        weekly = norm.weekly_posts if norm else None
        rows.append(
            NormRow(
                source_id=source.pk,
                channel=str(source),
                kind=source.kind,
                badge=BADGES.get(source.kind, source.kind.upper()),
                category=norm.category if norm else "",
                category_label=norm.get_category_display() if norm else "",
                weekly_posts=weekly,
                figures=tuple(
                    Figure(w, planned.get((source.pk, w), 0), fact.get((source.pk, w), 0), weekly)
                    for w in weeks
                ),
            )
        )
    return rows


def load_norms(weeks: list[date], tz: tzinfo) -> list[NormRow]:
    """Three queries: the norms, our channels, and their posts in the weeks."""
    norms = {n.source_id: n for n in ChannelNorm.objects.all()}
    sources = list(
        Source.objects.filter(Q(kind__in=PUBLISHABLE, is_active=True) | Q(pk__in=list(norms)))
    )
    if not weeks:
        return norm_rows(weeks, sources, norms, [], tz)
    start, end = midnight(min(weeks), tz), midnight(max(weeks) + timedelta(days=7), tz)
    facts = PostChannel.objects.filter(source__in=[s.pk for s in sources]).filter(
        Q(post__publish_at__gte=start, post__publish_at__lt=end)
        | Q(published_at__gte=start, published_at__lt=end)
    )
    rows = facts.values_list(
        "source_id", "post__publish_at", "post__state", "state", "published_at"
    )
    return norm_rows(weeks, sources, norms, list(rows), tz)
