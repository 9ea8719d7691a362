"""The figures of the public page /open/: read-only aggregates over the last twelve months.

Definitions (the page and the open data say the same in Russian):

- **received** — residents' messages written in the month (`Message.created_at`), of the
  territory of the message or, without one, of its incident; the category is the incident's;
- **resolved** — incidents closed in the month with the result «Решено» (`closed_at`);
- **answered** — incidents whose final answer was given in the month: the first published final
  answer (`Answer.updated_at`), else the closing (`closed_at`); duplicates, spam and incidents
  closed without an answer (insults, closed profiles) are left out;
- **on time** — of the answered, those whose first reply (or, without one, the final answer)
  came by `first_reply_due` and the final answer by `final_answer_due`; the share in per cent;
- **median first reply** — hours from registration to `first_replied_at`, over the incidents
  first replied to in the month; **median final answer** — days from registration to the final
  answer, over the answered.

Months are calendar months in the city's time zone; a category is its top-level group. The
queries are a constant few (grouped counts, one row a replied incident), never one a row.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Count,
    DateTimeField,
    Expression,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from otklik.answers.models import Answer
from otklik.inbox.models import Message
from otklik.incidents.models import Incident
from otklik.incidents.states import Resolution, Status

if TYPE_CHECKING:
    from otklik.cities.models import Territory

MONTHS = 12
MONTH_NAMES = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
NOT_ANSWERS = (Resolution.DUPLICATE, Resolution.SPAM)


@dataclass
class Figures:
    received: int = 0
    resolved: int = 0
    answered: int = 0
    on_time: int = 0
    first_reply_hours: list[float] = field(default_factory=list)
    final_answer_hours: list[float] = field(default_factory=list)

    @property
    def on_time_share(self) -> float | None:
        """Per cent of the answered, one decimal; None when nothing was answered."""
        return round(100 * self.on_time / self.answered, 1) if self.answered else None

    @property
    def median_first_reply_hours(self) -> float | None:
        return round(median(self.first_reply_hours), 1) if self.first_reply_hours else None

    @property
    def median_final_answer_days(self) -> float | None:
        hours = self.final_answer_hours
        return round(median(hours) / 24, 1) if hours else None


@dataclass(frozen=True)
class Fact:
    """One counted thing: `kind` received/resolved (with `count`), first (with `hours`), final
    (with `hours` and `on_time`)."""

    kind: str
    territory: int | None
    category: int | None
    month: str
    count: int = 1
    hours: float = 0.0
    on_time: bool = False


def window_start(now: datetime | None = None) -> datetime:
    """The first moment of the month eleven months before this one, in the city's time zone."""
    local = timezone.localtime(now or timezone.now())
    year, month = local.year, local.month - (MONTHS - 1)
    while month < 1:
        year, month = year - 1, month + 12
    return local.replace(year=year, month=month, day=1, hour=0, minute=0, second=0, microsecond=0)


def month_keys(now: datetime | None = None) -> list[str]:
    """«2025-12» … «2026-11»: the twelve months of the window, oldest first."""
    start = window_start(now)
    keys = []
    year, month = start.year, start.month
    for _ in range(MONTHS):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def month_key(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.year:04d}-{local.month:02d}"


def month_label(key: str, short: bool = False) -> str:
    """«дек 2025», or «дек» for a chart."""
    year, month = key.split("-")
    name = MONTH_NAMES[int(month) - 1]
    return name if short else f"{name} {year}"


def _group(prefix: str = "") -> Coalesce:
    """The top-level category: the group of a topic, or the category itself."""
    return Coalesce(f"{prefix}category__parent_id", f"{prefix}category_id")


def _counted(qs: QuerySet[Any], kind: str, territory: Expression, moment: str) -> Iterable[Fact]:
    """Rows counted by territory, category group and month in one grouped query."""
    rows = (
        qs.annotate(terr=territory)
        .annotate(month=TruncMonth(moment, tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("terr", "grp", "month")
        .annotate(n=Count("id"))
    )
    for row in rows:
        yield Fact(kind, row["terr"], row["grp"], month_key(row["month"]), count=row["n"])


def _received(start: datetime, territory: Territory | None) -> Iterable[Fact]:
    qs = Message.objects.filter(created_at__gte=start).annotate(grp=_group("incident__"))
    if territory is not None:
        qs = qs.filter(
            Q(territory=territory) | Q(territory__isnull=True, incident__territory=territory)
        )
    where = Coalesce("territory_id", "incident__territory_id")
    return _counted(qs, "received", where, "created_at")


def _resolved(start: datetime, territory: Territory | None) -> Iterable[Fact]:
    qs = Incident.objects.filter(
        status=Status.CLOSED, resolution=Resolution.RESOLVED, closed_at__gte=start
    ).annotate(grp=_group())
    if territory is not None:
        qs = qs.filter(territory=territory)
    return _counted(qs, "resolved", F("territory_id"), "closed_at")


def _hours(later: datetime, earlier: datetime) -> float:
    return max((later - earlier).total_seconds(), 0) / 3600


def final_answer_at() -> Coalesce:
    """The first published final answer, else the closing: when the resident got the answer."""
    published = Answer.objects.filter(
        incident=OuterRef("pk"), kind=Answer.Kind.FINAL, status=Answer.Status.PUBLISHED
    ).order_by("updated_at")
    return Coalesce(
        Subquery(published.values("updated_at")[:1], output_field=DateTimeField()), "closed_at"
    )


def _replied(start: datetime, territory: Territory | None) -> Iterable[Fact]:
    qs = (
        Incident.objects.exclude(resolution__in=NOT_ANSWERS)
        .filter(no_answer_reason="")
        .annotate(grp=_group(), final_at=final_answer_at())
        .filter(Q(first_replied_at__gte=start) | Q(final_at__gte=start))
    )
    if territory is not None:
        qs = qs.filter(territory=territory)
    fields = ("territory_id", "grp", "created_at", "first_replied_at", "first_reply_due")
    for row in qs.order_by().values(*fields, "final_at", "final_answer_due"):
        created, first, final = row["created_at"], row["first_replied_at"], row["final_at"]
        terr, grp = row["territory_id"], row["grp"]
        if first is not None and first >= start:
            yield Fact("first", terr, grp, month_key(first), hours=_hours(first, created))
        if final is not None and final >= start:
            replied = first or final
            on_time = (row["first_reply_due"] is None or replied <= row["first_reply_due"]) and (
                row["final_answer_due"] is None or final <= row["final_answer_due"]
            )
            yield Fact(
                "final", terr, grp, month_key(final), hours=_hours(final, created), on_time=on_time
            )


def collect(territory: Territory | None = None, now: datetime | None = None) -> list[Fact]:
    """Every fact of the window, for the city (None) or one territory: three queries."""
    start = window_start(now)
    return [
        *_received(start, territory),
        *_resolved(start, territory),
        *_replied(start, territory),
    ]


def tally(facts: Iterable[Fact], key: Callable[[Fact], Hashable]) -> dict[Hashable, Figures]:
    """The facts summed into Figures by `key` (a month, a category, a combination, or one)."""
    out: dict[Hashable, Figures] = {}
    for fact in facts:
        figures = out.setdefault(key(fact), Figures())
        if fact.kind == "received":
            figures.received += fact.count
        elif fact.kind == "resolved":
            figures.resolved += fact.count
        elif fact.kind == "first":
            figures.first_reply_hours.append(fact.hours)
        else:
            figures.answered += 1
            figures.on_time += fact.on_time
            figures.final_answer_hours.append(fact.hours)
    return out
