"""Progress bars for long commands (import, backup, restore, retraining, reports, benchmarks).

A bar, with the rate and the time left, is drawn on standard error only when it is a terminal
and the CI variable is not set: in a pipe, a log file, cron or CI the commands stay quiet and
their output is what it always was. A ground-floor helper on `rich`: it imports no app.

    for table in track(tables, description="Контрольные суммы"):
        ...
    with bar(total=len(rows), description="Импорт") as advance:
        advance(500)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TextIO, TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

T = TypeVar("T")


def enabled(stream: TextIO | None = None) -> bool:
    """A bar only for a person at a terminal: not in a pipe, not when CI is set."""
    if os.environ.get("CI", "").strip() not in {"", "0", "false"}:
        return False
    stream = sys.stderr if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class RateColumn(ProgressColumn):
    """Items a second, «1 234/с»."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("—/с" if speed is None else f"{speed:,.0f}/с".replace(",", " "))


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TextColumn("осталось"),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
        transient=False,
    )


@contextmanager
def bar(total: int | None, description: str = "") -> Iterator[Callable[[int], None]]:
    """A bar advanced by hand (`advance(n)`); a no-op when not at a terminal."""
    if not enabled():
        yield lambda n=1: None
        return
    with _progress() as progress:
        task = progress.add_task(description, total=total)
        yield lambda n=1: progress.advance(task, n)


def track(items: Iterable[T], total: int | None = None, description: str = "") -> Iterator[T]:
    """The items, one by one, with a bar when at a terminal."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with bar(total, description) as advance:
        for item in items:
            yield item
            advance(1)
