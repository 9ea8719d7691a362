"""The lists of the public page /open/: the Mayor's meetings, his instructions with their
evidence, and the examples of solved problems the press service chose to show.

Read-only, a constant number of queries (select_related, prefetch_related), and only what may be
public: no resident's name, question or message; every free text passes `mask_personal`; the
photos of progress reports stay on the staff pages. Rows are plain dicts, ready to cache.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from otklik.answers.masking import mask_personal
from otklik.answers.models import Answer
from otklik.incidents.models import Incident
from otklik.incidents.states import Resolution, Status
from otklik.meetings.models import OPEN_STATES, Instruction, InstructionEvent, Meeting
from otklik.public.open_stats import final_answer_at

if TYPE_CHECKING:
    from otklik.cities.models import Territory

MEETINGS_HELD = (Meeting.State.HELD, Meeting.State.RESULTS_PUBLISHED)
MEETINGS_AHEAD = (Meeting.State.PLANNED, Meeting.State.ANNOUNCED)
EVIDENCE = (InstructionEvent.Kind.PROGRESS, InstructionEvent.Kind.DONE)
MAX_INSTRUCTIONS = 100
MAX_EXAMPLES = 20


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment) if moment else None


def meetings(territory: Territory | None, start: datetime) -> dict[str, list[dict[str, Any]]]:
    """Held in the window (newest first) and planned from now on (soonest first)."""
    now = timezone.now()
    qs = Meeting.objects.select_related("territory").filter(
        Q(state__in=MEETINGS_HELD, starts_at__gte=start)
        | Q(state__in=MEETINGS_AHEAD, starts_at__gte=now)
    )
    if territory is not None:
        qs = qs.filter(territory=territory)
    held, ahead = [], []
    for meeting in qs.order_by("starts_at", "id"):
        row = {
            "territory": meeting.territory.name,
            "starts_at": _local(meeting.starts_at),
            "place": mask_personal(meeting.place),
            "state": meeting.get_state_display(),
        }
        (held if meeting.state in MEETINGS_HELD else ahead).append(row)
    held.reverse()
    return {"held": held, "ahead": ahead}


def instructions(territory: Territory | None, start: datetime) -> list[dict[str, Any]]:
    """Issued in the window, or still open: number, text, department, state, deadline, and the
    progress reports' texts as evidence."""
    evidence = InstructionEvent.objects.filter(kind__in=EVIDENCE).exclude(text="")
    qs = (
        Instruction.objects.filter(Q(created_at__gte=start) | Q(state__in=OPEN_STATES))
        .select_related("department")
        .prefetch_related(Prefetch("events", queryset=evidence, to_attr="evidence"))
    )
    if territory is not None:
        qs = qs.filter(meeting__territory=territory)
    rows = []
    for item in qs.order_by("-deadline", "-id")[:MAX_INSTRUCTIONS]:
        rows.append(
            {
                "number": item.number,
                "text": mask_personal(item.text),
                "department": item.department.short_name or item.department.name,
                "state": item.get_state_display(),
                "state_code": item.state,
                "deadline": _local(item.deadline),
                "overdue": item.is_overdue,
                "evidence": [
                    {"at": _local(e.created_at), "text": mask_personal(e.text)}
                    for e in item.evidence  # type: ignore[attr-defined]
                ],
            }
        )
    return rows


def examples(territory: Territory | None) -> list[dict[str, Any]]:
    """The incidents the press service marked public that were answered on the merits: category,
    territory, dates and the final answer, masked."""
    final = Answer.objects.filter(kind=Answer.Kind.FINAL, status=Answer.Status.PUBLISHED).order_by(
        "-updated_at", "-id"
    )
    qs = (
        Incident.objects.filter(is_public=True, status__in=(Status.PUBLISHED, Status.CLOSED))
        .exclude(resolution__in=(Resolution.DUPLICATE, Resolution.SPAM, Resolution.NOT_OURS))
        .filter(no_answer_reason="")
        .select_related("category", "territory")
        .annotate(final_at=final_answer_at())
        .prefetch_related(Prefetch("answers", queryset=final, to_attr="final_answers"))
    )
    if territory is not None:
        qs = qs.filter(territory=territory)
    rows = []
    for incident in qs.order_by("-final_at", "-id")[:MAX_EXAMPLES]:
        answers = incident.final_answers  # type: ignore[attr-defined]
        rows.append(
            {
                "category": incident.category.name if incident.category else "",
                "territory": incident.territory.name if incident.territory else "",
                "received": _local(incident.created_at),
                "answered": _local(incident.final_at),  # type: ignore[attr-defined]
                "answer": mask_personal(answers[0].text) if answers else "",
            }
        )
    return rows
