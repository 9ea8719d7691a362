"""The worker's polling task: sources with a poll interval are polled when due.

The next poll moment is a stored, indexed column; a worker claims a source by moving it forward
with a conditional UPDATE, so several workers never poll the same source at once.
"""

from __future__ import annotations

import logging

from otklik.sources.actions import claim_due, record_error
from otklik.sources.channels import UNEXPECTED, ChannelError, adapter_for, unexpected_answer

log = logging.getLogger(__name__)


def poll_sources(batch: int = 20) -> int:
    """Poll every due source once; a failure is kept on the source for the health page."""
    new = 0
    for source in claim_due(min(batch, 20)):
        try:
            new += adapter_for(source).poll()
        except ChannelError as exc:
            log.warning("опрос %s не удался: %s", source.name, exc)
            record_error(source, exc)
        except UNEXPECTED as exc:  # an answer of a shape the adapter did not expect
            error = unexpected_answer(source, exc)
            log.warning("опрос %s не удался: %s", source.name, error)
            record_error(source, error)
    return new
