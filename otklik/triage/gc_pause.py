"""Python's cycle collector paused for one batch of messages.

A batch allocates tens of thousands of short-lived objects (tokens, spans, features, results);
each 700 allocations start a collection that walks every young object, and now and then one that
walks the long-lived tables too (the lemma cache, the same-problem index). Reference counting
frees almost everything a batch makes, so the collector is paused for the batch and runs after
it (12 % of the CPU time of batches of 64 on the Kursk appeals, see otklik/triage/README.md).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cycle collection inside; the caller's setting (enabled or not) is kept."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
