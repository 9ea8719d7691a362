"""The Mayor's briefing pack for a meeting: what the territory has written about, what is late,
what was promised there before and what came of it. Read-only; a constant number of queries.

The topics are incidents' categories: the last 90 days against the 90 days before, drawn as a
small bar chart whose geometry is computed here and whose text the template escapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from otklik.accounts.models import User
from otklik.accounts.permissions import scope_incidents
from otklik.incidents.models import Incident
from otklik.incidents.states import OPEN_STATUSES, Resolution, Status
from otklik.meetings.models import (
    OPEN_STATES,
    Instruction,
    InstructionEvent,
    Meeting,
    MeetingPhoto,
    Question,
)

WINDOW = timedelta(days=90)
TOP_INCIDENTS = 10
TOP_TOPICS = 8
NO_TOPIC = "Без темы"
NO_CATEGORY = "Без категории"

# The chart: a row per topic, its name above two bars (the last 90 days, the 90 before).
CHART_WIDTH = 360
BAR_SPACE = 300  # the longest bar; the rest of the width holds its number
ROW = 46
LEGEND = 24


@dataclass(frozen=True)
class Topic:
    name: str
    recent: int
    before: int

    @property
    def change(self) -> int:
        return self.recent - self.before

    @property
    def percent(self) -> int | None:
        """The change against the previous 90 days, in per cent; None for a new topic."""
        return round(self.change * 100 / self.before) if self.before else None

    @property
    def trend(self) -> str:
        if self.change > 0:
            return "рост"
        return "снижение" if self.change < 0 else "без изменений"

    @property
    def shift(self) -> str:
        """«▲ +3 (+50 %)», «▼ −2 (−40 %)», «▲ +4 · новая тема», «= 0»."""
        if not self.change:
            return "= 0"
        arrow, sign = ("▲", "+") if self.change > 0 else ("▼", "−")
        text = f"{arrow} {sign}{abs(self.change)}"
        if self.percent is None:
            return f"{text} · новая тема"
        return f"{text} ({sign}{abs(self.percent)} %)"


@dataclass(frozen=True)
class Bar:
    label: str
    recent: int
    before: int
    label_y: int
    recent_y: int
    before_y: int
    recent_width: int
    before_width: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]


@dataclass(frozen=True)
class QuestionGroup:
    topic: str
    questions: list[Question]


@dataclass(frozen=True)
class YearResults:
    year: int
    incidents_received: int
    incidents_resolved: int
    instructions_issued: int
    instructions_done: int
    meetings_held: int


@dataclass
class Briefing:
    meeting: Meeting
    open_incidents: int
    overdue_incidents: int
    incidents: list[Incident]
    topics: list[Topic]
    chart: Chart
    instructions: list[Instruction]
    instruction_states: list[tuple[str, int]]
    overdue_instructions: int
    question_groups: list[QuestionGroup]
    year: YearResults
    film_url: str = ""
    photos: list[MeetingPhoto] = field(default_factory=list)
    at: datetime = field(default_factory=timezone.now)


def year_start(now: datetime) -> datetime:
    """The first moment of the city's calendar year of `now`."""
    local = timezone.localtime(now)
    return local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)


def _incident_figures(
    incidents: QuerySet[Incident], now: datetime, start: datetime
) -> dict[str, int]:
    open_q = Q(status__in=OPEN_STATUSES)
    return incidents.aggregate(
        open=Count("id", filter=open_q),
        overdue=Count("id", filter=open_q & Q(final_answer_due__lt=now)),
        received=Count("id", filter=Q(created_at__gte=start)),
        resolved=Count(
            "id",
            filter=Q(status=Status.CLOSED, resolution=Resolution.RESOLVED, closed_at__gte=start),
        ),
    )


def _top_incidents(incidents: QuerySet[Incident]) -> list[Incident]:
    """The open ones, the most urgent deadline first (so the overdue lead)."""
    qs = incidents.filter(status__in=OPEN_STATUSES)
    qs = qs.select_related("category", "department").order_by("final_answer_due", "id")
    return list(qs[:TOP_INCIDENTS])


def topics(incidents: QuerySet[Incident], now: datetime) -> list[Topic]:
    """The territory's top categories of the last 90 days, with the 90 days before."""
    cut = now - WINDOW
    rows = (
        incidents.filter(created_at__gte=cut - WINDOW, created_at__lt=now)
        .values("category__name")
        .annotate(
            recent=Count("id", filter=Q(created_at__gte=cut)),
            before=Count("id", filter=Q(created_at__lt=cut)),
        )
        .order_by("-recent", "-before", "category__name")
    )
    return [
        Topic(r["category__name"] or NO_CATEGORY, r["recent"], r["before"])
        for r in rows[:TOP_TOPICS]
    ]


def chart(found: list[Topic]) -> Chart:
    """Bars scaled to the largest count; a count of one or more is at least 2 px wide."""
    top = max([t.recent for t in found] + [t.before for t in found] + [1])

    def width(n: int) -> int:
        return max(2, round(n * BAR_SPACE / top)) if n else 0

    bars = [
        Bar(
            label=t.name,
            recent=t.recent,
            before=t.before,
            label_y=LEGEND + i * ROW + 12,
            recent_y=LEGEND + i * ROW + 17,
            before_y=LEGEND + i * ROW + 30,
            recent_width=width(t.recent),
            before_width=width(t.before),
        )
        for i, t in enumerate(found)
    ]
    return Chart(CHART_WIDTH, LEGEND + ROW * len(found), bars)


def _earlier_instructions(meeting: Meeting) -> list[Instruction]:
    qs = Instruction.objects.filter(
        meeting__territory_id=meeting.territory_id, meeting__starts_at__lt=meeting.starts_at
    ).exclude(meeting_id=meeting.pk)
    qs = qs.select_related("department", "responsible", "meeting").annotate(
        extensions=Count("events", filter=Q(events__kind=InstructionEvent.Kind.EXTENDED))
    )
    return list(qs.order_by("-meeting__starts_at", "number"))


def _instruction_figures(meeting: Meeting, start: datetime) -> dict[str, int]:
    territory = Instruction.objects.filter(meeting__territory_id=meeting.territory_id)
    return territory.aggregate(
        issued=Count("id", filter=Q(created_at__gte=start)),
        done=Count("id", filter=Q(state=Instruction.State.DONE, done_at__gte=start)),
    )


def question_groups(meeting: Meeting) -> list[QuestionGroup]:
    """The questions sent in advance by topic: the most asked topic first."""
    groups: dict[str, QuestionGroup] = {}
    advance = meeting.questions.filter(asked=Question.Asked.ADVANCE).order_by("created_at", "id")
    for question in advance:
        name = " ".join(question.topic.split()) or NO_TOPIC
        key = name.casefold()
        groups.setdefault(key, QuestionGroup(name, [])).questions.append(question)
    return sorted(groups.values(), key=lambda g: (-len(g.questions), g.topic.casefold()))


def _meetings_held(meeting: Meeting, start: datetime) -> int:
    return Meeting.objects.filter(
        territory_id=meeting.territory_id,
        held_at__gte=start,
        state__in=[Meeting.State.HELD, Meeting.State.RESULTS_PUBLISHED],
    ).count()


def build(user: User, meeting: Meeting, now: datetime | None = None) -> Briefing:
    """The briefing for `meeting`, as `user` may see it (incidents scoped as everywhere)."""
    now = now or timezone.now()
    start = year_start(now)
    incidents = scope_incidents(user, Incident.objects.filter(territory_id=meeting.territory_id))
    figures = _incident_figures(incidents, now, start)
    found = topics(incidents, now)
    earlier = _earlier_instructions(meeting)
    states = {value: 0 for value in Instruction.State.values}
    for instruction in earlier:
        states[instruction.state] += 1
    labels = dict(Instruction.State.choices)
    overdue = sum(1 for i in earlier if i.state in OPEN_STATES and i.deadline < now)
    orders = _instruction_figures(meeting, start)
    return Briefing(
        meeting=meeting,
        open_incidents=figures["open"],
        overdue_incidents=figures["overdue"],
        incidents=_top_incidents(incidents),
        topics=found,
        chart=chart(found),
        instructions=earlier,
        instruction_states=[(labels[k], n) for k, n in states.items()],
        overdue_instructions=overdue,
        question_groups=question_groups(meeting),
        year=YearResults(
            year=start.year,
            incidents_received=figures["received"],
            incidents_resolved=figures["resolved"],
            instructions_issued=orders["issued"],
            instructions_done=orders["done"],
            meetings_held=_meetings_held(meeting, start),
        ),
        film_url=meeting.film_url,
        photos=list(meeting.photos.all()),
        at=now,
    )
