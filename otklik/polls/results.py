"""A poll's results, read-only: our own page (in total and per territory), each channel, and the
sum of them all. A constant number of queries for one poll or for a list of polls."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from otklik.plan.charts import bar_chart
from otklik.polls.models import ChannelCount, Poll, PollChannel, PollOption, Vote

OWN_PAGE = "Страница опроса на сайте"
NO_TERRITORY = "Территория не указана"


@dataclass
class Column:
    """One column of the results: a channel, a territory, our page or the total."""

    title: str
    counts: dict[int, int]  # option id → votes

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Results:
    poll: Poll
    options: list[PollOption]
    own: Column
    territories: list[Column] = field(default_factory=list)
    channels: list[Column] = field(default_factory=list)

    @property
    def total(self) -> Column:
        counts: dict[int, int] = defaultdict(int)
        for column in [self.own, *self.channels]:
            for option, value in column.counts.items():
                counts[option] += value
        return Column("Всего", dict(counts))

    def rows(self) -> list[dict[str, object]]:
        """Per option: its text, the total and its share, for the table beside the chart."""
        total = self.total
        voters = total.total or 1
        return [
            {
                "text": option.text,
                "count": total.counts.get(option.pk, 0),
                "percent": round(100 * total.counts.get(option.pk, 0) / voters, 1),
            }
            for option in self.options
        ]

    def columns(self) -> list[Column]:
        """Our page, its territories, each channel and the total, in the order shown."""
        territories = [Column(f"{OWN_PAGE}: {t.title}", t.counts) for t in self.territories]
        return [self.own, *territories, *self.channels, self.total]

    def table(self) -> list[dict[str, object]]:
        """Per column: its title, the count of each option in order, its total."""
        return [
            {
                "title": column.title,
                "cells": [column.counts.get(o.pk, 0) for o in self.options],
                "total": column.total,
            }
            for column in self.columns()
        ]

    def chart(self) -> str:
        """Server-drawn SVG bars of the total (escaped; a table carries the same numbers)."""
        total = self.total
        bars = [(o.text, float(total.counts.get(o.pk, 0))) for o in self.options]
        return bar_chart(f"Итоги опроса: {self.poll.question}", bars) if total.total else ""


def results(poll: Poll) -> Results:
    options = list(poll.options.all())
    own: dict[int, int] = dict(
        Vote.objects.filter(poll=poll).values_list("option").annotate(n=Count("id"))
    )
    by_territory: dict[str, dict[int, int]] = defaultdict(dict)
    rows = (
        Vote.objects.filter(poll=poll)
        .values_list("territory__name", "option")
        .annotate(n=Count("id"))
        .order_by("territory__name")
    )
    for name, option, n in rows:
        by_territory[name or NO_TERRITORY][option] = n
    channels = list(
        PollChannel.objects.filter(poll=poll, state=PollChannel.State.PUBLISHED)
        .select_related("source")
        .order_by("source__name")
    )
    per_channel: dict[int, dict[int, int]] = defaultdict(dict)
    for channel, option, count in ChannelCount.objects.filter(channel__poll=poll).values_list(
        "channel", "option", "count"
    ):
        per_channel[channel][option] = count
    return Results(
        poll=poll,
        options=options,
        own=Column(OWN_PAGE, own),
        territories=[Column(name, counts) for name, counts in sorted(by_territory.items())],
        channels=[Column(str(c.source), per_channel.get(c.pk, {})) for c in channels],
    )


def totals(polls: Iterable[Poll]) -> dict[int, dict[int, int]]:
    """poll id → option id → votes everywhere (our page and the channels): two queries."""
    ids = [p.pk for p in polls]
    found: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for poll, option, n in (
        Vote.objects.filter(poll__in=ids).values_list("poll", "option").annotate(n=Count("id"))
    ):
        found[poll][option] += n
    for poll, option, n in (
        ChannelCount.objects.filter(
            channel__poll__in=ids, channel__state=PollChannel.State.PUBLISHED
        )
        .values_list("channel__poll", "option")
        .annotate(n=Sum("count"))
    ):
        found[poll][option] += n or 0
    return {poll: dict(counts) for poll, counts in found.items()}


def to_csv(result: Results) -> str:
    """Columns: where (our page, a territory of our page, a channel, the total), option, votes."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Опрос", "Где", "Вариант", "Голосов"])
    question = result.poll.question
    for column in result.columns():
        for option in result.options:
            row = [question, column.title, option.text]
            writer.writerow([*map(safe_cell, row), column.counts.get(option.pk, 0)])
    return out.getvalue()


def safe_cell(text: str) -> str:
    """A text a spreadsheet would take for a formula («=…», «+…») is kept as text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
