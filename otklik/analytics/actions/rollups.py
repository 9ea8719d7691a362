"""The rollups' writers: incident facts, a day's rows recomputed whole, and the worker's task.

A day is recomputed by deleting its rows and inserting the sums of that day's facts (incidents)
or messages, so running it twice gives the same rows. The worker reads four streams, each with
its cursor in RollupCursor, claimed under `SELECT … FOR UPDATE` (SKIP LOCKED on PostgreSQL) so
that two workers never read the same stream at once:

- incident events (Event.id): every change of an incident records one; its fact is rebuilt and
  the days it left or entered are recomputed;
- deadlines passing (first_reply_due / final_answer_due, both indexed) for open incidents: they
  become overdue without an event;
- new messages (Message.id): their days are recomputed;
- the last two days of messages, at most every RECENT_EVERY: the triage's tone and category
  arrive after the message. Older corrections need `otklik analytics rebuild --since DATE`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from otklik.analytics.actions import slices
from otklik.analytics.facts import FIELDS, Extras, build_fact, day_window, local_day
from otklik.analytics.models import (
    DailyDurations,
    DailyIncidents,
    DailyMessages,
    IncidentFact,
    RollupCursor,
    SliceDurations,
    SliceIncidents,
    SliceMessages,
)
from otklik.analytics.workclock import WorkClock
from otklik.inbox.models import Message
from otklik.incidents.models import Event, Incident
from otklik.incidents.states import OPEN_STATUSES

log = logging.getLogger(__name__)

SLICES = (SliceIncidents, SliceDurations, SliceMessages)
CHUNK = 2_000
RECENT_EVERY = timedelta(minutes=5)
DIMS = ("category_id", "department_id", "territory_id")
FACT_FIELDS = [f.name for f in IncidentFact._meta.concrete_fields if not f.primary_key]
POSITIVE, NEUTRAL, NEGATIVE = {"positive", "thanks"}, {"neutral", "speech"}, {"negative"}


# Facts.


def refresh_facts(ids: Iterable[int], clock: WorkClock | None = None) -> set[date]:
    """Rebuild the facts of these incidents; the days they were and are counted on."""
    ids = sorted(set(ids))
    clock = clock or WorkClock()
    days: set[date] = set()
    for start in range(0, len(ids), CHUNK):
        days |= _refresh_chunk(ids[start : start + CHUNK], clock)
    return days


def _refresh_chunk(ids: list[int], clock: WorkClock) -> set[date]:
    old = IncidentFact.objects.filter(incident_id__in=ids)
    days = _days_of(old.values_list("opened_day", "closed_day"))
    rows = list(Incident.objects.filter(pk__in=ids).only(*FIELDS))
    extras, now = Extras.load(ids), timezone.now()
    facts = [build_fact(row, clock, extras, now) for row in rows]
    IncidentFact.objects.filter(incident_id__in=set(ids) - {r.pk for r in rows}).delete()
    IncidentFact.objects.bulk_create(
        facts, update_conflicts=True, unique_fields=["incident"], update_fields=FACT_FIELDS
    )
    return days | _days_of((f.opened_day, f.closed_day) for f in facts)


def _days_of(pairs: Iterable[tuple[date, date | None]]) -> set[date]:
    return {day for pair in pairs for day in pair if day is not None}


# A day's rows.


def recompute_incident_days(days: Iterable[date]) -> None:
    """Each day's rows, then the month rows of the months they fall in, once each."""
    days = sorted(set(days))
    for day in days:
        recompute_incident_day(day, month=False)
    for month in sorted({slices.month_of(day) for day in days}):
        slices.write_incident_month(month)


def recompute_incident_day(day: date, *, month: bool = True) -> int:
    """The day's DailyIncidents and DailyDurations from the facts, and the day's (and, unless
    `month` is False, its month's) coarse rollups; how many daily rows it wrote."""
    with transaction.atomic():
        DailyIncidents.objects.filter(day=day).delete()
        DailyDurations.objects.filter(day=day).delete()
        sums = _incident_sums(day)
        DailyIncidents.objects.bulk_create(
            DailyIncidents(day=day, **dict(zip(DIMS, key, strict=True)), **values)
            for key, values in sums.items()
        )
        durations = _durations(day)
        DailyDurations.objects.bulk_create(durations)
        slices.write_incident_day(day, sums, durations)
    if month:
        slices.write_incident_month(slices.month_of(day))
    return len(sums) + len(durations)


def _incident_sums(day: date) -> dict[tuple, dict[str, float]]:
    opened = (
        IncidentFact.objects.filter(opened_day=day)
        .values(*DIMS)
        .annotate(
            opened=Count("pk"),
            first_sum=Sum("first_reply_hours", default=0.0),
            first_count=Count("first_reply_hours"),
            overdue=Count("pk", filter=Q(overdue=True)),
            intermediate=Count("pk", filter=Q(intermediate=True)),
            reopened=Count("pk", filter=Q(reopened=True)),
            still_open=Count("pk", filter=Q(still_open=True)),
        )
    )
    closed = (
        IncidentFact.objects.filter(closed_day=day)
        .values(*DIMS)
        .annotate(
            resolved=Count("pk", filter=Q(resolved=True)),
            final_sum=Sum("final_hours", default=0.0),
            final_count=Count("final_hours"),
            rating_sum=Sum("rating_sum", default=0),
            rating_count=Sum("rating_count", default=0),
        )
    )
    sums: dict[tuple, dict[str, float]] = {}
    for row in [*opened, *closed]:
        key = tuple(row.pop(name) for name in DIMS)
        sums.setdefault(key, {}).update(row)
    return sums


def _durations(day: date) -> list[DailyDurations]:
    rows: list[DailyDurations] = []
    for clock, day_field, bucket in (
        (DailyDurations.Clock.FIRST, "opened_day", "first_bucket"),
        (DailyDurations.Clock.FINAL, "closed_day", "final_bucket"),
    ):
        found = (
            IncidentFact.objects.filter(**{day_field: day, f"{bucket}__isnull": False})
            .values(*DIMS, bucket)
            .annotate(n=Count("pk"))
        )
        rows += [
            DailyDurations(
                day=day, clock=clock, bucket=r[bucket], count=r["n"], **{d: r[d] for d in DIMS}
            )
            for r in found
        ]
    return rows


def recompute_message_days(days: Iterable[date]) -> None:
    days = sorted(set(days))
    for day in days:
        recompute_message_day(day, month=False)
    for month in sorted({slices.month_of(day) for day in days}):
        slices.write_message_month(month)


def recompute_message_day(day: date, *, month: bool = True) -> int:
    """The day's DailyMessages from the messages written that local day, and its coarse
    rollups (the month's too unless `month` is False)."""
    start, end = day_window(day)
    found = (
        Message.objects.filter(created_at__gte=start, created_at__lt=end)
        .values(
            "source_id",
            "source__kind",
            "territory_id",
            "suggestion__category_id",
            "suggestion__sentiment",
            "suggestion__toxic",
        )
        .annotate(n=Count("id"))
    )
    rows: dict[tuple, DailyMessages] = {}
    for r in found:
        key = (r["source_id"], r["source__kind"], r["territory_id"], r["suggestion__category_id"])
        row = rows.setdefault(key, _message_row(day, key))
        _add_message(row, r["n"], r["suggestion__sentiment"] or "", bool(r["suggestion__toxic"]))
    with transaction.atomic():
        DailyMessages.objects.filter(day=day).delete()
        DailyMessages.objects.bulk_create(rows.values())
        slices.write_message_day(day, rows.values())
    if month:
        slices.write_message_month(slices.month_of(day))
    return len(rows)


def _message_row(day: date, key: tuple) -> DailyMessages:
    source_id, kind, territory_id, category_id = key
    return DailyMessages(
        day=day,
        source_id=source_id,
        source_kind=kind,
        territory_id=territory_id,
        category_id=category_id,
    )


def _add_message(row: DailyMessages, n: int, sentiment: str, toxic: bool) -> None:
    row.count += n
    row.positive += n if sentiment in POSITIVE else 0
    row.neutral += n if sentiment in NEUTRAL else 0
    row.negative += n if sentiment in NEGATIVE else 0
    row.toxic += n if toxic else 0


# Rebuild.


def rebuild(since: date | None = None) -> dict[str, int]:
    """Recompute every fact and day from `since` (all when None); the cursors move to now."""
    mark = _marks()
    incidents = Incident.objects.all()
    if since is not None:
        start = day_window(since)[0]
        incidents = incidents.filter(Q(created_at__gte=start) | Q(closed_at__gte=start))
    ids = list(incidents.values_list("pk", flat=True))
    incident_days = refresh_facts(ids)
    first = since or _first_day()
    days = _days_between(first, timezone.localdate()) | incident_days
    rows = sum(recompute_incident_day(day, month=False) for day in sorted(days))
    rows += sum(recompute_message_day(day, month=False) for day in sorted(days))
    for month in sorted({slices.month_of(day) for day in days}):
        slices.write_incident_month(month)
        slices.write_message_month(month)
    _set_marks(mark)
    _analyze()
    log.info("analytics rebuild: %s incidents, %s days, %s rows", len(ids), len(days), rows)
    return {"incidents": len(ids), "days": len(days), "rows": rows}


def _analyze() -> None:
    """Fresh planner statistics after a rebuild: stale ones expect a few hundred rows where a
    year holds tens of thousands (PostgreSQL; autovacuum comes later)."""
    if connection.vendor != "postgresql":
        return
    tables = (IncidentFact, DailyIncidents, DailyDurations, DailyMessages, *SLICES)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(m._meta.db_table for m in tables))


def _first_day() -> date:
    first_incident = Incident.objects.order_by("created_at").values_list("created_at").first()
    first_message = Message.objects.order_by("created_at").values_list("created_at").first()
    moments = [m[0] for m in (first_incident, first_message) if m]
    return local_day(min(moments)) if moments else timezone.localdate()


def _days_between(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


def _marks() -> dict[str, tuple[int, datetime | None]]:
    now = timezone.now()
    last_event = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    last_message = Message.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return {
        "events": (last_event, None),
        "deadlines": (0, now),
        "messages": (last_message, None),
        "recent": (0, now),
    }


def _set_marks(marks: dict[str, tuple[int, datetime | None]]) -> None:
    for name, (last_id, last_at) in marks.items():
        RollupCursor.objects.update_or_create(
            name=name, defaults={"last_id": last_id, "last_at": last_at}
        )


# The worker's task.


def update_rollups(batch: int = 500) -> int:
    """Read each stream of changes since its cursor and recompute what they touched; how many
    changes were handled (0 when idle)."""
    handled = 0
    for name, step in STREAMS.items():
        with transaction.atomic():
            cursor = _claim(name)
            if cursor is not None:
                handled += step(cursor, batch)
    return handled


def _claim(name: str) -> RollupCursor | None:
    RollupCursor.objects.get_or_create(name=name)
    skip = connection.features.has_select_for_update_skip_locked
    return RollupCursor.objects.select_for_update(skip_locked=skip).filter(name=name).first()


def _events(cursor: RollupCursor, batch: int) -> int:
    found = list(
        Event.objects.filter(id__gt=cursor.last_id)
        .order_by("id")
        .values_list("id", "incident_id")[:batch]
    )
    if not found:
        return 0
    recompute_incident_days(refresh_facts(incident for _, incident in found))
    _advance(cursor, last_id=found[-1][0])
    return len(found)


def _deadlines(cursor: RollupCursor, batch: int) -> int:
    now = timezone.now()
    since = cursor.last_at or now
    passed = Q(final_answer_due__gt=since, final_answer_due__lte=now) | Q(
        first_reply_due__gt=since, first_reply_due__lte=now
    )
    ids = list(
        Incident.objects.filter(passed, status__in=OPEN_STATUSES).values_list("pk", flat=True)
    )
    recompute_incident_days(refresh_facts(ids))
    _advance(cursor, last_at=now)
    return len(ids)


def _messages(cursor: RollupCursor, batch: int) -> int:
    found = list(
        Message.objects.filter(id__gt=cursor.last_id)
        .order_by("id")
        .values_list("id", "created_at")[:batch]
    )
    if not found:
        return 0
    recompute_message_days(local_day(created) for _, created in found)
    _advance(cursor, last_id=found[-1][0])
    return len(found)


def _recent(cursor: RollupCursor, batch: int) -> int:
    now = timezone.now()
    if cursor.last_at and now - cursor.last_at < RECENT_EVERY:
        return 0
    today = timezone.localdate()
    recompute_message_days((today - timedelta(days=1), today))
    _advance(cursor, last_at=now)
    return 0  # a refresh on a clock, not a change: the worker may sleep


def _advance(cursor: RollupCursor, **fields: object) -> None:
    for name, value in fields.items():
        setattr(cursor, name, value)
    cursor.save(update_fields=list(fields))


STREAMS = {"events": _events, "deadlines": _deadlines, "messages": _messages, "recent": _recent}
