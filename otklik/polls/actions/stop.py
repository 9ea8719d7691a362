"""A closed poll is stopped where it was published: Telegram's stopPoll on each channel poll.

stopPoll (chat_id, message_id) closes the poll sent by the bot and answers the stopped Poll with
its final results (`options[].voter_count`, `total_voter_count`, `is_closed: true`); those are
stored as the channel's last counts. Stopping is idempotent: asked again, Telegram answers
400 «Bad Request: poll has already been closed», which counts as stopped (its final counts came
with the first stop or in the `poll` update it sends). Any other failure is written on the
channel (`stop_reason`) and never keeps the poll from closing in Otklik. VK's wall polls have
no such method that a community token may call; they keep their own end date.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from otklik.polls.actions.counts import save_counts
from otklik.polls.models import Poll, PollChannel
from otklik.sources.channels import UNEXPECTED, adapter_for, unexpected_answer
from otklik.sources.http import ChannelError
from otklik.sources.models import Source

log = logging.getLogger(__name__)

ALREADY_CLOSED = "poll has already been closed"
STOP_BY_HAND = (
    "Опрос в канале не остановлен ({error}). В Отклике он завершён; остановите его в канале "
    "вручную: меню опроса → «Остановить опрос»."
)


def message_ref(channel: PollChannel) -> tuple[int, int]:
    """(chat_id, message_id) from the stored `tg<chat>_<message>`."""
    chat, message = channel.external_id.removeprefix("tg").rsplit("_", 1)
    return int(chat), int(message)


def stop_channels(poll: Poll) -> int:
    """stopPoll on each published Telegram channel of `poll` not stopped yet; returns how many
    were stopped (or found stopped)."""
    channels = PollChannel.objects.filter(
        poll=poll,
        state=PollChannel.State.PUBLISHED,
        source__kind=Source.Kind.TELEGRAM,
        stopped_at__isnull=True,
    ).select_related("poll", "source")
    return sum(stop_telegram(channel) for channel in channels)


def stop_telegram(channel: PollChannel) -> bool:
    """One channel; a failure is recorded on it, never raised."""
    try:
        chat, message = message_ref(channel)
        client = adapter_for(channel.source).client()  # type: ignore[attr-defined]
        stopped = client.call("stopPoll", {"chat_id": chat, "message_id": message})
        counts = [int(option.get("voter_count") or 0) for option in stopped["options"]]
        total = stopped.get("total_voter_count")
    except ChannelError as exc:
        if ALREADY_CLOSED in str(exc):
            return _stopped(channel)
        log.warning("poll channel %s: not stopped: %s", channel.pk, exc)
        return _failed(channel, STOP_BY_HAND.format(error=exc))
    except UNEXPECTED as exc:
        log.warning("poll channel %s: unexpected stopPoll answer: %s", channel.pk, exc)
        return _failed(channel, STOP_BY_HAND.format(error=unexpected_answer(channel.source, exc)))
    save_counts(channel, counts, int(total) if isinstance(total, int) else None)
    return _stopped(channel)


def _stopped(channel: PollChannel) -> bool:
    PollChannel.objects.filter(pk=channel.pk).update(stopped_at=timezone.now(), stop_reason="")
    return True


def _failed(channel: PollChannel, reason: str) -> bool:
    PollChannel.objects.filter(pk=channel.pk).update(stop_reason=reason[:2000])
    return False
