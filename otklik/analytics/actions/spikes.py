"""The only writer of spikes: `detect_spikes(now)` (the hourly evaluation), `decide_spike`.

Every hour the worker evaluates every category × territory series and the new-topic clusters
(otklik.analytics.spikes). A flagged window becomes a Spike, the press service is told
(notify_user) and an explanatory post is drafted into the content plan. Idempotent: a flagged
window that touches a spike of the same series (or, for a topic, shares its messages) updates
that spike's row — the same window twice, or a continuing spike, is one alert and one notice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import numpy as np
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from otklik.accounts.models import Role, User
from otklik.analytics.models import Spike, SpikeRun
from otklik.analytics.spike_series import (
    HOUR,
    Grid,
    hour_floor,
    make_grid,
    rows,
    series_counts,
    uncategorised_texts,
)
from otklik.analytics.spike_texts import notice, post_texts
from otklik.analytics.spikes import Cluster, Finding, Params, detect
from otklik.analytics.spikes.clusters import ClusterParams, cluster_texts, growing_clusters, prepare
from otklik.inbox.models import Message
from otklik.notify.actions import notify_user, press_service
from otklik.notify.models import Notification
from otklik.plan import actions as plan
from otklik.plan.models import ChannelNorm
from otklik.sources.models import Source
from otklik.triage.clean import clean

log = logging.getLogger(__name__)

PARAMS = Params()  # chosen on the bench's tuning seed (docs/benchmarks.md, «Всплески»)
TOPICS = ClusterParams()
TOUCH = timedelta(hours=2)  # a flagged window this close to a spike continues it
CHART_HOURS = 48  # the chart on the spike's page: this many hours up to the window's end
POST_AHEAD = timedelta(hours=3)  # the draft's publication time, after the detection
Row = tuple[int, int, int | None, int | None]


def can_see_spikes(user: User) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_press_service or user.role == Role.ANALYST)
    )


def can_decide(user: User) -> bool:
    return bool(can_see_spikes(user) and user.is_press_service and user.can_write)


def detect_spikes_due(batch: int = 0, now: datetime | None = None) -> int:
    """The worker's task: once an hour (the hour's SpikeRun row is the claim)."""
    hour = hour_floor(now or timezone.now())
    try:
        with transaction.atomic():
            SpikeRun.objects.create(hour=hour)
    except IntegrityError:
        return 0
    flagged = detect_spikes(hour)
    SpikeRun.objects.filter(hour=hour).update(flagged=flagged)
    return flagged


def detect_spikes(now: datetime) -> int:
    """Evaluate the hours up to `now` (floored to the hour); returns how many spikes flagged."""
    end = hour_floor(now)
    grid = make_grid(end, PARAMS.span_hours)
    found = list(rows(grid))
    topics = _topics(end)
    extra = [finding for _, finding in topics]
    findings = detect(series_counts(grid, found), grid.cells, PARAMS, extra=extra)
    clusters = {finding.key: cluster for cluster, finding in topics}
    flagged = [f for f in findings if f.flagged]
    for finding in flagged:
        _record(finding, grid, found, clusters.get(finding.key))
    log.info("spikes at %s: %s series and topics, %s flagged", end, len(findings), len(flagged))
    return len(flagged)


def _topics(end: datetime) -> list[tuple[Cluster, Finding]]:
    hours = TOPICS.window_hours + TOPICS.history_hours
    texts = uncategorised_texts(end, hours, TOPICS.max_texts)
    return growing_clusters(cluster_texts(texts, TOPICS, clean=_clean), TOPICS)


def _clean(text: str) -> str:
    return prepare(clean(text))


@transaction.atomic
def _record(finding: Finding, grid: Grid, found: list[Row], cluster: Cluster | None) -> Spike:
    start = grid.end - finding.hours * HOUR
    if cluster is not None:
        ids = cluster.recent_ids(finding.hours)
        spike = _continuing_topic(start, ids)
        key = f"topic:{cluster.ids[0]}"
    else:
        category, territory = finding.key  # type: ignore[misc]
        key = f"c{category}:t{territory or '-'}"
        spike = _continuing(key, start)
        start = min(start, spike.window_start) if spike else start
        ids = _series_ids(found, grid, (category, territory), start)
    is_new = spike is None
    if spike is None:
        spike = _create(key, finding, start, grid.end, cluster)
    _update(spike, finding, grid, start, ids, cluster)
    if is_new:
        _draft_post(spike)
        _notify(spike)
    return spike


def _continuing(key: str, start: datetime) -> Spike | None:
    qs = Spike.objects.select_for_update().filter(series_key=key, window_end__gte=start - TOUCH)
    return qs.order_by("-window_end").first()


def _continuing_topic(start: datetime, ids: list[int]) -> Spike | None:
    qs = Spike.objects.select_for_update().filter(
        series_key__startswith="topic:", window_end__gte=start - TOUCH, messages__in=ids
    )
    return qs.order_by("-window_end").first()


def _series_ids(found: list[Row], grid: Grid, key: tuple, start: datetime) -> list[int]:
    first = grid.index(start)
    return [pk for pk, index, cat, terr in found if (cat, terr) == key and index >= first]


def _create(
    key: str, finding: Finding, start: datetime, end: datetime, cluster: Cluster | None
) -> Spike:
    category, territory = (None, None) if cluster else finding.key  # type: ignore[misc]
    return Spike.objects.create(
        series_key=key,
        category_id=category,
        territory_id=territory,
        topic=cluster.label[:200] if cluster else "",
        window_start=start,
        window_end=end,
        observed=finding.observed,
        expected=finding.expected,
        p_value=finding.p_value,
    )


def _update(
    spike: Spike,
    finding: Finding,
    grid: Grid,
    start: datetime,
    ids: list[int],
    cluster: Cluster | None,
) -> None:
    spike.messages.add(*ids)
    spike.window_start = min(spike.window_start, start)
    spike.window_end = max(spike.window_end, grid.end)
    hours = (spike.window_end - spike.window_start) // HOUR
    if cluster is None:
        spike.observed = len(ids)
        spike.expected = _expected(finding, grid, spike.window_start)
    else:
        spike.observed = spike.messages.count()
        spike.expected = finding.expected / finding.hours * hours
    spike.p_value = min(spike.p_value, finding.p_value)
    spike.chart = _chart(finding, grid, cluster, ids)
    spike.updated_at = timezone.now()
    spike.save()


def _expected(finding: Finding, grid: Grid, start: datetime) -> float:
    if finding.baseline is None:
        return finding.expected
    return float(finding.baseline.expected(grid.cells[grid.index(start) :]).sum())


def _chart(finding: Finding, grid: Grid, cluster: Cluster | None, ids: list[int]) -> list:
    """[[hour ISO, observed, expected, upper], …] over the last CHART_HOURS hours; upper is the
    expected + 2 standard deviations of the baseline (the band on the chart)."""
    first = grid.hours - CHART_HOURS
    if cluster is not None or finding.baseline is None:
        return _topic_chart(finding, grid, cluster)
    cells = grid.cells[first:]
    expected = finding.baseline.expected(cells)
    upper = expected + 2 * np.sqrt(finding.baseline.variance(cells))
    observed = _hourly(grid, Message.objects.filter(pk__in=ids), first, finding, cluster)
    return [
        [
            grid.moment(first + i).isoformat(),
            int(observed[i]),
            round(float(e), 2),
            round(float(u), 2),
        ]
        for i, (e, u) in enumerate(zip(expected, upper, strict=True))
    ]


def _hourly(grid: Grid, qs: object, first: int, finding: Finding, cluster: object) -> np.ndarray:
    """Hourly counts of the series over the chart's hours (from the finding's counts)."""
    counts = np.zeros(grid.hours - first, dtype=int)
    for at in qs.values_list("created_at", flat=True):  # type: ignore[attr-defined]
        index = grid.index(at) - first
        if 0 <= index < len(counts):
            counts[index] += 1
    return counts


def _topic_chart(finding: Finding, grid: Grid, cluster: Cluster | None) -> list:
    rate = finding.expected / finding.hours
    upper = rate + 2 * np.sqrt(rate + TOPICS.alpha * rate**2)
    counts = np.zeros(CHART_HOURS, dtype=int)
    for age in cluster.ages if cluster else ():
        if age < CHART_HOURS:
            counts[CHART_HOURS - 1 - int(age)] += 1
    first = grid.hours - CHART_HOURS
    return [
        [grid.moment(first + i).isoformat(), int(c), round(rate, 2), round(upper, 2)]
        for i, c in enumerate(counts)
    ]


# What follows a new spike.


def main_channels() -> list[Source]:
    """The city's main accounts: the active flagship pages (not the Mayor's), else every active
    page the plan can publish to."""
    qs = Source.objects.filter(is_active=True, kind__in=plan.PUBLISHABLE, is_mayor_page=False)
    flagship = qs.filter(
        pk__in=ChannelNorm.objects.filter(category=ChannelNorm.Category.FLAGSHIP).values("source")
    )
    return list(flagship.order_by("id")) or list(qs.order_by("id"))


def _draft_post(spike: Spike) -> None:
    author = next((u for u in press_service() if plan.can_plan(u)), None)
    if author is None:
        log.warning("spike %s: no press service account to draft the post", spike.pk)
        return
    title, text = post_texts(spike)
    spike.post = plan.create_post(
        author,
        text=text,
        title=title,
        publish_at=spike.window_end + POST_AHEAD,
        sources=main_channels(),
    )
    spike.save(update_fields=["post"])


def _notify(spike: Spike) -> None:
    messages = list(spike.messages.order_by("-created_at", "-id"))
    subject, text = notice(spike, messages)
    for user in press_service():
        notify_user(user, Notification.Kind.SPIKE, f"spike:{spike.pk}", subject=subject, text=text)


# The press service's decision.


@transaction.atomic
def decide_spike(actor: User, spike: Spike, state: str) -> Spike:
    """«Принято» or «Ложная тревога»."""
    if not can_decide(actor):
        raise PermissionDenied("Решение по всплеску принимает пресс-служба")
    if state not in (Spike.State.ACKNOWLEDGED, Spike.State.DISMISSED):
        raise ValueError(state)
    spike.state = state
    spike.decided_by = actor
    spike.decided_at = timezone.now()
    spike.save(update_fields=["state", "decided_by", "decided_at"])
    return spike
