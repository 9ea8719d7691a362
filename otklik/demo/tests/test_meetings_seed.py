"""The demo's meetings: held ones with protocols, coming ones, instructions in every state."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from otklik.demo.meetings_seed import meeting_start, seed_meetings
from otklik.demo.seed import seed
from otklik.incidents.deadlines import city_calendar
from otklik.meetings.models import Instruction, InstructionEvent, Meeting, Question, overdue_q

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int]:
    return (
        Meeting.objects.count(),
        Question.objects.count(),
        Instruction.objects.count(),
        InstructionEvent.objects.count(),
    )


def test_meetings_past_and_coming_with_instructions_in_every_state() -> None:
    call_command("loadcity", verbosity=0)
    seed()
    seed_meetings()
    first = counts()
    seed_meetings()
    assert counts() == first  # a second run creates nothing

    now = timezone.now()
    held = Meeting.objects.filter(state=Meeting.State.HELD)
    assert held.count() == 5 and held.values("territory").distinct().count() == 5
    assert all(m.starts_at < now and m.held_at and m.created_at < m.starts_at for m in held)
    assert min(m.starts_at for m in held) < now - timezone.timedelta(days=60)
    coming = Meeting.objects.filter(starts_at__gt=now)
    assert sorted(coming.values_list("state", flat=True)) == ["announced", "planned", "planned"]
    announced = coming.get(state=Meeting.State.ANNOUNCED)
    assert announced.announcement is not None and announced.announcement.state == "draft"
    assert announced.questions.filter(asked=Question.Asked.ADVANCE).count() == 4

    questions = Question.objects.filter(meeting__in=held)
    assert {"advance", "at_meeting"} == set(questions.values_list("asked", flat=True))
    assert questions.filter(state=Question.State.ANSWERED).exclude(answer="").count() >= 4
    assert all(q.created_at < q.meeting.starts_at for q in questions.filter(asked="advance"))
    assert not questions.filter(asker_name="").exists()

    states = dict.fromkeys(Instruction.State.values, 0)
    for state in Instruction.objects.values_list("state", flat=True):
        states[state] += 1
    assert all(states.values()), states
    assert Instruction.objects.filter(overdue_q(now)).count() >= 2
    assert Instruction.objects.filter(overdue_q(now), state="issued").exists()
    done = Instruction.objects.filter(state=Instruction.State.DONE)
    assert all(i.result and i.created_at < i.done_at < now for i in done)
    extended = InstructionEvent.objects.filter(kind="extended")
    assert extended.count() == 2 and all(e.text for e in extended)
    assert all(e.instruction.deadline > now and e.instruction.is_open for e in extended)
    cancelled = InstructionEvent.objects.filter(kind="cancelled")
    assert cancelled.count() == 2 and all(e.text for e in cancelled)
    progress = InstructionEvent.objects.filter(kind="progress", instruction__state="in_progress")
    assert progress.exists()
    for instruction in Instruction.objects.select_related("meeting"):
        moments = [e.created_at for e in instruction.events.order_by("id")]
        assert moments == sorted(moments), instruction.number
        assert instruction.created_at > instruction.meeting.starts_at

    linked = Instruction.objects.filter(incidents__isnull=False).distinct()
    assert linked.count() >= 4
    for instruction in linked:
        assert all(
            i.territory_id == instruction.meeting.territory_id for i in instruction.incidents.all()
        )


def test_a_meeting_is_on_a_working_day_at_six() -> None:
    calendar = city_calendar()
    for days in (-78, -19, 9, 23):
        start = meeting_start(days, date(2026, 1, 5))
        assert calendar.is_working_day(start.date()) and start.hour == 18
