"""Instant mail: IMAP IDLE, then one poll, again and again (`otklik mailwatch NAME`).

Where the server lacks IDLE, the loop polls every `interval` seconds instead. Errors are kept
on the source (the health page shows them) and retried after `interval`; a refused login
stops the loop, since retrying it would only lock the mailbox.
"""

from __future__ import annotations

import logging
import threading

from otklik.sources.actions import record_error
from otklik.sources.email.adapter import EmailAdapter
from otklik.sources.email.client import IDLE_MAX, IdleUnsupported
from otklik.sources.http import AuthError, ChannelError
from otklik.sources.models import Source

log = logging.getLogger(__name__)


def watch(
    source: Source,
    stop: threading.Event | None = None,
    *,
    interval: float = 60.0,
    idle_timeout: float = IDLE_MAX,
    rounds: int | None = None,
    adapter: EmailAdapter | None = None,
) -> int:
    """Poll, then wait in IDLE (or `interval` seconds), until `stop` is set or `rounds` are done.

    Returns how many letters were stored.
    """
    stop = stop or threading.Event()
    adapter = adapter or EmailAdapter(source)
    use_idle, stored, done = True, 0, 0
    while not stop.is_set() and (rounds is None or done < rounds):
        done += 1
        try:
            adapter.source.refresh_from_db(fields=["cursor"])
            stored += adapter.poll()
            if use_idle:
                adapter.idle(idle_timeout)
                continue
        except IdleUnsupported:
            log.info("почта %s: сервер без IDLE, опрос каждые %s с", source.name, interval)
            use_idle = False
        except AuthError as exc:
            record_error(source, exc)
            raise
        except ChannelError as exc:
            log.warning("почта %s: %s", source.name, exc)
            record_error(source, exc)
        stop.wait(interval)
    return stored
