"""The worker's polling task: sources with a poll interval are polled when due.

The next poll moment is a stored, indexed column; a worker claims a source by moving it forward
with a conditional UPDATE, so several workers never poll the same source at once.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from otklik.sources.actions import record_error
from otklik.sources.channels import ChannelError, adapter_for
from otklik.sources.models import Source

log = logging.getLogger(__name__)


def claim_due(limit: int) -> list[Source]:
    now = timezone.now()
    due = Source.objects.filter(is_active=True, poll_interval__gt=0).filter(
        Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    )
    claimed = []
    for source in due.order_by("next_poll_at")[:limit]:
        won = Source.objects.filter(pk=source.pk, next_poll_at=source.next_poll_at).update(
            next_poll_at=now + timedelta(seconds=source.poll_interval)
        )
        if won:
            claimed.append(source)
    return claimed


def poll_sources(batch: int = 20) -> int:
    """Poll every due source once; a failure is kept on the source for the health page."""
    new = 0
    for source in claim_due(min(batch, 20)):
        try:
            new += adapter_for(source).poll()
        except ChannelError as exc:
            log.warning("polling %s failed: %s", source.name, exc)
            record_error(source, exc)
    return new
