"""The only writer of a post's statistics (PostMetric), the channels' subscriber counts
(SubscriberCount) and the statistics schedule of each published channel.

`collect_due` (the worker's task) claims channels whose next step is due with a conditional
UPDATE: the claim moves `next_metrics_at` forward by a short lease, so of any number of workers
one reads each step, and a dead worker's step is taken over when its lease runs out. The step is
stored with update_or_create on (channel, step), in one transaction with the schedule's move and
only while the claim still holds, so a replay changes nothing. Steps are counted from
`published_at`: 1 h, 6 h, 24 h, 72 h, 7 days; a step read late (after a backoff) is stored under
the latest step that is due, the missed ones are skipped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from otklik.plan.models import PostChannel, PostMetric, SubscriberCount
from otklik.sources.channels import CHANNELS, ChannelAdapter, adapter_for
from otklik.sources.http import AuthError, RateLimited
from otklik.sources.models import Source
from otklik.sources.platform_errors import explain

log = logging.getLogger(__name__)

#: The steps after publication, in order: (PostMetric.step, delay).
STEPS: tuple[tuple[str, timedelta], ...] = (
    ("1h", timedelta(hours=1)),
    ("6h", timedelta(hours=6)),
    ("24h", timedelta(hours=24)),
    ("72h", timedelta(hours=72)),
    ("7d", timedelta(days=7)),
)
FIRST = STEPS[0][1]  # plan.actions.FIRST_METRICS sets the first one on publication
STEP_LABELS = {"1h": "1 ч", "6h": "6 ч", "24h": "сутки", "72h": "3 суток", "7d": "неделя"}
LEASE = timedelta(minutes=5)  # a claimed step not finished by then is taken by another worker
RETRY = timedelta(minutes=15)  # after a network or platform error
RATE_LIMITED = timedelta(minutes=5)  # at least, or the platform's own retry_after
AUTH_RETRY = timedelta(hours=6)  # a rejected token: try again later, a person may fix it
GIVE_UP = STEPS[-1][1] + timedelta(days=1)  # after this no step is tried any more
#: Platforms whose subscribers are counted: those we publish to.
SUBSCRIBER_KINDS = ("vk", "telegram", "ok", "max")
SUBSCRIBERS_RETRY = timedelta(hours=1)
METRIC_FIELDS = ("views", "reach", "likes", "reposts", "comments")
NO_METRICS = "{title}: площадка не отдаёт статистику постов"
AUTH_NOTE = "{title}: статистика не читается, площадка отклонила токен. {reason}"

#: Per worker process: when a source whose subscribers could not be read is tried again.
_subscribers_retry: dict[int, datetime] = {}


@dataclass(frozen=True)
class Claim:
    channel: PostChannel
    step: int  # the index in STEPS this claim reads
    lease_until: datetime


# The schedule.


def step_time(published_at: datetime, index: int) -> datetime | None:
    return published_at + STEPS[index][1] if index < len(STEPS) else None


def due_step(channel: PostChannel, now: datetime) -> int:
    """The latest step due by `now`, not before the channel's next one (late reads skip)."""
    index = channel.metrics_step
    published = channel.published_at or now
    while index + 1 < len(STEPS) and published + STEPS[index + 1][1] <= now:
        index += 1
    return index


def claim_due(batch: int = 50, now: datetime | None = None) -> list[Claim]:
    """Claim due steps: a conditional UPDATE per row, one winner each."""
    now = now or timezone.now()
    rows = list(
        PostChannel.objects.filter(
            state=PostChannel.State.PUBLISHED,
            next_metrics_at__lte=now,
            metrics_step__lt=len(STEPS),
        )
        .order_by("next_metrics_at", "id")
        .values_list("pk", "next_metrics_at", "metrics_step")[:batch]
    )
    lease_until = now + LEASE
    won = [pk for pk, due, step in rows if claim_one(pk, due, step, lease_until)]
    channels = PostChannel.objects.filter(pk__in=won).select_related("source", "post")
    return [Claim(c, due_step(c, now), lease_until) for c in channels.order_by("id")]


def claim_one(pk: int, due: datetime, step: int, lease_until: datetime) -> bool:
    """Move the step's time to the lease's end, only if no one else moved it first."""
    return bool(
        PostChannel.objects.filter(pk=pk, next_metrics_at=due, metrics_step=step).update(
            next_metrics_at=lease_until
        )
    )


def _held(claim: Claim) -> dict[str, object]:
    """The filter that matches the channel only while this claim holds it."""
    return {
        "pk": claim.channel.pk,
        "metrics_step": claim.channel.metrics_step,
        "next_metrics_at": claim.lease_until,
    }


# Recording what came of a claim.


@transaction.atomic
def record_step(claim: Claim, values: dict[str, int | None], now: datetime) -> bool:
    """Store the step and schedule the next; nothing when the claim was lost."""
    channel, index = claim.channel, claim.step
    following = step_time(channel.published_at or now, index + 1)
    won = PostChannel.objects.filter(**_held(claim)).update(
        metrics_step=index + 1, next_metrics_at=following, metrics_note=""
    )
    if won:
        fields = {name: _count(values.get(name)) for name in METRIC_FIELDS}
        PostMetric.objects.update_or_create(
            channel=channel, step=STEPS[index][0], defaults={"taken_at": now, **fields}
        )
    return bool(won)


def _count(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return max(value, 0)


def record_none(claim: Claim, note: str) -> bool:
    """The platform gives no statistics: say so and schedule no more steps."""
    return bool(
        PostChannel.objects.filter(**_held(claim)).update(
            next_metrics_at=None, metrics_note=note[:300]
        )
    )


def record_later(claim: Claim, note: str, wait: timedelta, now: datetime) -> bool:
    """Try the same step later; after GIVE_UP past publication, stop trying."""
    published = claim.channel.published_at or now
    later = now + wait
    if later > published + GIVE_UP:
        later, note = None, f"{note}; статистика больше не запрашивается"
    return bool(
        PostChannel.objects.filter(**_held(claim)).update(
            next_metrics_at=later, metrics_note=note[:300]
        )
    )


# The worker's side.


def _adapter(source: Source) -> ChannelAdapter | None:
    return adapter_for(source) if source.kind in CHANNELS else None


def collect_one(claim: Claim, now: datetime | None = None) -> bool:
    """Read one claimed step through the channel's adapter; errors never escape."""
    now = now or timezone.now()
    source = claim.channel.source
    adapter = _adapter(source)
    title = dict(Source.Kind.choices).get(source.kind, source.kind)
    try:
        values = adapter.read_post_metrics(claim.channel.external_id) if adapter else None
    except RateLimited as exc:
        wait = max(timedelta(seconds=exc.retry_after or 0), RATE_LIMITED)
        return record_later(claim, explain(exc, source.kind).text, wait, now)
    except AuthError as exc:
        note = AUTH_NOTE.format(title=title, reason=explain(exc, source.kind).text)
        return record_later(claim, note, AUTH_RETRY, now)
    except Exception as exc:  # a network error, a refusal, an answer of an unexpected shape
        log.warning("metrics of post channel %s failed: %s", claim.channel.pk, exc)
        return record_later(claim, explain(exc, source.kind).text, RETRY, now)
    if values is None:
        note = (adapter.no_metrics if adapter else "") or NO_METRICS.format(title=title)
        return record_none(claim, note)
    return record_step(claim, values, now)


def collect_due(batch: int = 50, now: datetime | None = None) -> int:
    """The worker task: read the due statistics steps; returns how many it handled."""
    now = now or timezone.now()
    return sum(collect_one(claim, now) for claim in claim_due(batch, now))


# Subscribers.


def collect_subscribers(batch: int = 0, now: datetime | None = None) -> int:
    """The worker task: once a day (the city's date) per active source we publish to, store its
    subscriber count; idempotent. A source that gives none or fails waits an hour (per
    process), so the worker does not ask again on every pass."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    done = SubscriberCount.objects.filter(day=today).values_list("source_id", flat=True)
    sources = Source.objects.filter(kind__in=SUBSCRIBER_KINDS, is_active=True).exclude(pk__in=done)
    stored = 0
    for source in sources.select_related("credential").order_by("id"):
        if _subscribers_retry.get(source.pk, now) > now:
            continue
        count = _read_subscribers(source)
        if count is None:
            _subscribers_retry[source.pk] = now + SUBSCRIBERS_RETRY
            continue
        stored += record_subscribers(source, today, count)
    return stored


def _read_subscribers(source: Source) -> int | None:
    try:
        adapter = _adapter(source)
        return adapter.subscribers() if adapter else None
    except Exception as exc:  # never stops the worker; the next try is in an hour
        log.warning("subscribers of source %s: %s", source.name, exc)
        return None


def record_subscribers(source: Source, day: date, count: int) -> int:
    """One row per (source, day): a second reading the same day is not stored."""
    _, created = SubscriberCount.objects.get_or_create(
        source=source, day=day, defaults={"count": max(count, 0)}
    )
    return int(created)
