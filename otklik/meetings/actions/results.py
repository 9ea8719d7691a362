"""The meeting's results: a draft post in the content plan (the press service edits, approves and
publishes it there), linked to the meeting, which then reads «Итоги опубликованы»."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from otklik.accounts.models import User
from otklik.meetings.actions.checks import require_manage
from otklik.meetings.models import Instruction, Meeting, Question
from otklik.plan.actions import PUBLISHABLE, create_post
from otklik.sources.models import Source

#: Room under the shortest platform's limit (MAX: 4000 characters).
TEXT_BUDGET = 3800
QUOTE = 200


def _short(text: str, limit: int = QUOTE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _date(moment: object) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y")  # type: ignore[arg-type]


def result_lines(meeting: Meeting) -> tuple[list[str], list[str]]:
    """(answers given on the spot, instructions given), a line each."""
    answered = meeting.questions.filter(state=Question.State.ANSWERED).order_by("created_at", "pk")
    answers = [f"— {_short(q.text)} Ответ: {_short(q.answer)}" for q in answered]
    given = (
        Instruction.objects.filter(meeting=meeting)
        .exclude(state=Instruction.State.CANCELLED)
        .select_related("department")
        .order_by("pk")
    )
    instructions = [
        f"— {_short(i.text)} Исполнитель: {i.department.name}, срок — до {_date(i.deadline)}."
        for i in given
    ]
    return answers, instructions


def results_text(meeting: Meeting) -> str:
    answers, instructions = result_lines(meeting)
    held = _date(meeting.held_at or meeting.starts_at)
    count = meeting.questions.count()
    head = [
        f"Итоги встречи мэра с жителями: {meeting.territory.name}, {held}",
        f"Вопросов от жителей: {count}; ответов на месте: {len(answers)}; "
        f"поручений: {len(instructions)}.",
    ]
    sections = [("Ответы на месте:", answers), ("Поручения мэра:", instructions)]
    lines, left = list(head), TEXT_BUDGET - sum(len(x) + 1 for x in head)
    for title, items in sections:
        if not items:
            continue
        lines += ["", title]
        left -= len(title) + 2
        for n, item in enumerate(items):
            if len(item) + 1 > left:
                lines.append(f"… и ещё {len(items) - n}")
                left -= 20
                break
            lines.append(item)
            left -= len(item) + 1
    lines += ["", "Ход исполнения поручений мы будем сообщать."]
    return "\n".join(lines)


@transaction.atomic
def publish_results(actor: User, meeting: Meeting) -> Meeting:
    """Held → results published: a draft post with the answers and the instructions."""
    require_manage(actor)
    if meeting.state != Meeting.State.HELD:
        raise ValidationError("Итоги публикуются после того, как встреча отмечена проведённой")
    sources = Source.objects.filter(is_active=True, kind__in=PUBLISHABLE).order_by("pk")
    post = create_post(
        actor,
        title=f"Итоги встречи мэра: {meeting.territory.name}"[:200],
        text=results_text(meeting),
        publish_at=timezone.now(),
        sources=list(sources),
    )
    meeting.results_post, meeting.state = post, Meeting.State.RESULTS_PUBLISHED
    meeting.save(update_fields=["results_post", "state"])
    return meeting
