"""The platforms' counts of our polls' votes, read by the worker.

Telegram sends a bot `poll` updates about the polls it sent (a Poll object: each option's
`voter_count`, the poll's `total_voter_count`). They come in through the ordinary intake — the
webhook or getUpdates store every update raw as a sources.InboundPayload with event_type "poll",
and the Telegram normaliser makes no message of it (it is marked «не требует обработки»).
`read_telegram_polls` reads those payloads read-only, in id order, from a cursor
(IntakeCursor "telegram-poll": the last payload id read). The cursor is moved by a conditional
UPDATE from the position read to the last id of the batch, so of two workers one wins the batch
and each payload is applied once; the counts in a payload are absolute, so a later update simply
replaces an earlier one.

VK sends no such events for a wall poll: `fetch_vk_counts` asks polls.getById for each published
poll while it runs (and once after it ends), claiming each channel by moving its stored
`next_fetch_at` with a conditional UPDATE.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from otklik.polls.models import ChannelCount, IntakeCursor, Poll, PollChannel
from otklik.sources.channels import UNEXPECTED, adapter_for
from otklik.sources.http import ChannelError
from otklik.sources.models import InboundPayload, Source

log = logging.getLogger(__name__)

TELEGRAM_CURSOR = "telegram-poll"
FETCH_EVERY = timedelta(minutes=30)


def save_counts(channel: PollChannel, counts: list[int], total: int | None) -> None:
    """`counts` in the order of the poll's options; missing ones count as 0."""
    now = timezone.now()
    options = list(channel.poll.options.all())
    with transaction.atomic():
        for index, option in enumerate(options):
            value = counts[index] if index < len(counts) else 0
            ChannelCount.objects.update_or_create(
                channel=channel, option=option, defaults={"count": max(value, 0), "fetched_at": now}
            )
        PollChannel.objects.filter(pk=channel.pk).update(
            counts_fetched_at=now, total_voters=total if total is not None else sum(counts)
        )


# Telegram: the raw `poll` updates, read once.


def _batch(position: int, batch: int) -> list[tuple[int, int, Any]]:
    return list(
        InboundPayload.objects.filter(
            source__kind=Source.Kind.TELEGRAM, event_type="poll", pk__gt=position
        )
        .order_by("pk")
        .values_list("pk", "source_id", "body")[:batch]
    )


def read_telegram_polls(batch: int = 200) -> int:
    """The worker task: apply the `poll` updates stored since the cursor; returns how many."""
    cursor, _ = IntakeCursor.objects.get_or_create(name=TELEGRAM_CURSOR)
    rows = _batch(cursor.position, batch)
    if not rows:
        return 0
    won = IntakeCursor.objects.filter(pk=cursor.pk, position=cursor.position).update(
        position=rows[-1][0], updated_at=timezone.now()
    )
    if not won:  # another worker read this batch
        return 0
    for _, source_id, body in rows:
        apply_telegram_poll(source_id, body)
    return len(rows)


def apply_telegram_poll(source_id: int, body: Any) -> bool:
    """One stored update: the counts of the poll it names, if it is one of ours."""
    try:
        poll = body["poll"]
        poll_id = str(poll["id"])
        counts = [int(option.get("voter_count") or 0) for option in poll["options"]]
        total = poll.get("total_voter_count")
    except (KeyError, TypeError, ValueError, AttributeError):
        log.warning("telegram poll update of source %s: unexpected shape", source_id)
        return False
    channel = (
        PollChannel.objects.filter(source_id=source_id, platform_poll_id=poll_id)
        .select_related("poll")
        .first()
    )
    if channel is None:
        return False
    save_counts(channel, counts, int(total) if isinstance(total, int) else None)
    return True


# VK: polls.getById for each published poll, on a schedule.


def _vk_due() -> Q:
    now = timezone.now()
    still = Q(poll__state=Poll.State.OPEN) | Q(
        Q(counts_fetched_at__isnull=True) | Q(counts_fetched_at__lt=F("poll__closed_at")),
        poll__state=Poll.State.CLOSED,
    )
    return (
        Q(state=PollChannel.State.PUBLISHED, source__kind=Source.Kind.VK)
        & still
        & (Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now))
    )


def fetch_vk_counts(batch: int = 20) -> int:
    """The worker task: read VK's counts of the polls that are due; returns how many."""
    now = timezone.now()
    handled = 0
    candidates = PollChannel.objects.filter(_vk_due()).values_list("pk", "next_fetch_at")
    for pk, previous in list(candidates[:batch]):
        won = PollChannel.objects.filter(pk=pk, next_fetch_at=previous).update(
            next_fetch_at=now + FETCH_EVERY
        )
        if not won:
            continue
        channel = PollChannel.objects.select_related("poll", "source").get(pk=pk)
        try:
            read_vk(channel)
        except (ChannelError, *UNEXPECTED) as exc:
            log.warning("vk poll channel %s: counts not read: %s", pk, exc)
        handled += 1
    return handled


def read_vk(channel: PollChannel) -> None:
    adapter = adapter_for(channel.source)
    owner = -adapter.group_id  # type: ignore[attr-defined]
    result = adapter.client("user_token").call(  # type: ignore[attr-defined]
        "polls.getById", owner_id=owner, poll_id=int(channel.platform_poll_id)
    )
    votes = {int(a["id"]): int(a.get("votes") or 0) for a in result["answers"]}
    counts = [votes.get(int(answer), 0) for answer in channel.answer_ids]
    total = result.get("votes")
    save_counts(channel, counts, int(total) if isinstance(total, int) else None)


def collect_counts(batch: int = 200) -> int:
    """The worker task: Telegram's stored updates, then VK's due polls."""
    return read_telegram_polls(batch) + fetch_vk_counts(min(batch, 20))
