"""Read-only figures of a report: the Mayor's meetings and instructions, and the polls.

- meetings held in the period (starts_at in it, state held or results published), the
  questions asked at them and what became of them;
- instructions given in the period (created_at), of them done, done by the deadline, and
  overdue: still open with the deadline passed by the period's end (or by now, for the
  current period);
- polls closed in the period (state closed, ends_at in it) with each option's votes: those on
  our page plus the platforms' counts. The polls app is read through the app registry, and only
  when its tables exist, so a report works before polls is installed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from otklik.analytics.report_period import Period
from otklik.meetings.models import OPEN_STATES, Instruction, Meeting, Question

HELD = (Meeting.State.HELD, Meeting.State.RESULTS_PUBLISHED)


@dataclass
class Meetings:
    held: int = 0
    planned: int = 0  # planned or announced for the period, not held (yet)
    questions: int = 0
    answered: int = 0  # answered on the spot
    instructed: int = 0  # turned into an instruction
    given: int = 0  # instructions given in the period
    done: int = 0
    done_on_time: int = 0
    overdue: int = 0
    cancelled: int = 0


@dataclass
class PollResult:
    question: str
    options: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.options)


@dataclass
class Polls:
    available: bool = False  # the polls app's tables exist
    closed: list[PollResult] = field(default_factory=list)


def meetings(period: Period) -> Meetings:
    in_period = Meeting.objects.filter(starts_at__gte=period.start, starts_at__lt=period.end)
    states = in_period.aggregate(
        held=Count("pk", filter=Q(state__in=HELD)),
        planned=Count("pk", filter=~Q(state__in=HELD)),
    )
    questions = Question.objects.filter(meeting__in=in_period.filter(state__in=HELD)).aggregate(
        questions=Count("pk"),
        answered=Count("pk", filter=Q(state=Question.State.ANSWERED)),
        instructed=Count("pk", filter=Q(state=Question.State.INSTRUCTED)),
    )
    return Meetings(**states, **questions, **_instructions(period))


def _instructions(period: Period) -> dict[str, int]:
    cutoff = min(period.end, timezone.now())
    given = Instruction.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
    done = Q(state=Instruction.State.DONE)
    return given.aggregate(
        given=Count("pk"),
        done=Count("pk", filter=done),
        done_on_time=Count("pk", filter=done & Q(done_at__lte=F("deadline"))),
        overdue=Count("pk", filter=Q(state__in=OPEN_STATES, deadline__lt=cutoff)),
        cancelled=Count("pk", filter=Q(state=Instruction.State.CANCELLED)),
    )


def polls(period: Period) -> Polls:
    try:
        poll_model = apps.get_model("polls", "Poll")
    except LookupError:
        return Polls()
    if poll_model._meta.db_table not in connection.introspection.table_names():
        return Polls()
    closed = poll_model.objects.filter(
        state="closed", ends_at__gte=period.start, ends_at__lt=period.end
    ).order_by("ends_at", "pk")
    return Polls(True, [_result(poll) for poll in closed.prefetch_related("options")])


def _result(poll: object) -> PollResult:
    own = dict(
        poll.votes.values("option_id").annotate(n=Count("pk")).values_list("option_id", "n")  # type: ignore[attr-defined]
    )
    count_model = apps.get_model("polls", "ChannelCount")
    platforms = dict(
        count_model.objects.filter(channel__poll=poll)
        .values("option_id")
        .annotate(n=Sum("count"))
        .values_list("option_id", "n")
    )
    options = [
        (o.text, own.get(o.pk, 0) + (platforms.get(o.pk) or 0))
        for o in poll.options.all()  # type: ignore[attr-defined]
    ]
    return PollResult(str(poll), options)
