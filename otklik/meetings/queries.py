"""The read side: meetings and instructions lists, scoped and filtered, without N+1 queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from otklik.accounts.models import User
from otklik.meetings.models import Instruction, InstructionEvent, Meeting, overdue_q
from otklik.meetings.permissions import scope_instructions


def meeting_queryset(filters: dict[str, Any]) -> QuerySet[Meeting]:
    qs = Meeting.objects.all()
    if filters.get("territory"):
        qs = qs.filter(territory=filters["territory"])
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    when = filters.get("when")
    now = timezone.now()
    if when == "upcoming":
        qs = qs.filter(starts_at__gte=now).order_by("starts_at", "id")
    elif when == "past":
        qs = qs.filter(starts_at__lt=now).order_by("-starts_at", "-id")
    else:
        qs = qs.order_by("-starts_at", "-id")
    return qs.select_related("territory", "announcement").annotate(
        question_count=Count("questions", distinct=True),
        instruction_count=Count("instructions", distinct=True),
    )


def instruction_queryset(user: User, filters: dict[str, Any]) -> QuerySet[Instruction]:
    qs = scope_instructions(user, Instruction.objects.all())
    state = filters.get("state")
    if state == "open":
        qs = qs.filter(state__in=[Instruction.State.ISSUED, Instruction.State.IN_PROGRESS])
    elif state:
        qs = qs.filter(state=state)
    if filters.get("overdue"):
        qs = qs.filter(overdue_q())
    if filters.get("department"):
        qs = qs.filter(department=filters["department"])
    if filters.get("meeting"):
        qs = qs.filter(meeting_id=filters["meeting"])
    if filters.get("q"):
        q = filters["q"]
        qs = qs.filter(Q(number__icontains=q) | Q(text__icontains=q))
    return qs.select_related("department", "responsible", "meeting", "meeting__territory").order_by(
        "deadline", "id"
    )


def instruction_events(instruction: Instruction) -> QuerySet[InstructionEvent]:
    return instruction.events.select_related("actor").order_by("created_at", "id")
