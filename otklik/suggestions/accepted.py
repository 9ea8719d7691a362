"""The figure the press service watches: the share of suggestions accepted without change.

Per model version, per ISO week of the suggestion (in the city's time), per field. A field is
decided when a person decided on the message: the category, department and territory when the
message is in an incident that has one, the priority when it is in an incident, «обращение» when
it is in an incident or dismissed. It is accepted when decided, with no moderator's Correction of
that field and no value taken from a corrected near-duplicate (`Suggestion.model_said`). Pending
messages count nowhere. One aggregate query for all versions, weeks and fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from otklik.inbox.models import Message
from otklik.suggestions.models import FIELD_LABELS, Correction, Suggestion

FIELDS = ("category", "department", "territory", "priority", "actionable")
LINKED, DISMISSED = Message.Status.LINKED, Message.Status.DISMISSED
DECIDED = {
    "category": Q(message__status=LINKED, message__incident__category__isnull=False),
    "department": Q(message__status=LINKED, message__incident__department__isnull=False),
    "territory": Q(message__status=LINKED, message__incident__territory__isnull=False),
    "priority": Q(message__status=LINKED),
    "actionable": Q(message__status__in=[LINKED, DISMISSED]),
}


@dataclass(frozen=True)
class Cell:
    accepted: int = 0
    decided: int = 0

    @property
    def share(self) -> float | None:
        return self.accepted / self.decided if self.decided else None

    @property
    def percent(self) -> int:
        return round(100 * self.share) if self.decided else 0


@dataclass
class Week:
    monday: date
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def label(self) -> str:
        year, week, _ = self.monday.isocalendar()
        return f"{year}-W{week:02d}"


def week_start(moment: datetime) -> date:
    local = timezone.localtime(moment).date()
    return local - timedelta(days=local.weekday())


def accepted_by_week(weeks: int = 8, now: datetime | None = None) -> dict[int | None, list[Week]]:
    """Model version id (None: rules only) → its last `weeks` ISO weeks, oldest first, each with
    a Cell per field of FIELDS; only versions that made a suggestion in those weeks."""
    current = week_start(now or timezone.now())
    mondays = [current - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    since = timezone.make_aware(datetime.combine(mondays[0], datetime.min.time()))
    counts = {}
    for name in FIELDS:
        corrected = Correction.objects.filter(message_id=OuterRef("message_id"), field=name)
        accepted = Q(DECIDED[name], ~Exists(corrected), ~Q(model_said__has_key=name))
        counts[f"decided_{name}"] = Count("pk", filter=DECIDED[name])
        counts[f"accepted_{name}"] = Count("pk", filter=accepted)
    rows = (
        Suggestion.objects.filter(created_at__gte=since)
        .annotate(week=TruncWeek("created_at", tzinfo=timezone.get_current_timezone()))
        .values("model_version_id", "week")
        .annotate(**counts)
        .order_by()
    )
    found: dict[int | None, dict[date, dict[str, Cell]]] = {}
    for row in rows:
        monday = row["week"].date() if isinstance(row["week"], datetime) else row["week"]
        found.setdefault(row["model_version_id"], {})[monday] = {
            name: Cell(row[f"accepted_{name}"], row[f"decided_{name}"]) for name in FIELDS
        }
    return {
        version: [Week(m, by_week.get(m, {n: Cell() for n in FIELDS})) for m in mondays]
        for version, by_week in found.items()
    }


def totals(weeks: list[Week]) -> dict[str, Cell]:
    """All the weeks together, per field."""
    return {
        name: Cell(
            sum(w.cells[name].accepted for w in weeks), sum(w.cells[name].decided for w in weeks)
        )
        for name in FIELDS
    }


LABELS = {name: FIELD_LABELS[name] for name in FIELDS}
