"""Meetings: the list, a new one, the card with its questions and protocol."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from otklik.accounts.permissions import require
from otklik.form_actions import run_form
from otklik.inbox.models import Message
from otklik.meetings import actions
from otklik.meetings.actions.meetings import ask_url
from otklik.meetings.forms import (
    AnswerForm,
    FilmForm,
    InstructionForm,
    MeetingFilterForm,
    MeetingForm,
    MeetingPhotoForm,
    QuestionForm,
)
from otklik.meetings.models import Instruction, Meeting, Question
from otklik.meetings.permissions import can_manage, can_see_meetings
from otklik.meetings.queries import meeting_queryset
from otklik.meetings.topics import group_by_topic, with_topics

PAGE_SIZE = 50


@require(can_see_meetings)
def meeting_list(request: HttpRequest) -> HttpResponse:
    form = MeetingFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(meeting_queryset(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_manage": can_manage(request.user),  # type: ignore[arg-type]
    }
    return render(request, "meetings/list.html", context)


@require(can_manage)
def meeting_new(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.create_meeting(request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("meeting-detail", pk=meeting.pk)
    return render(request, "meetings/new.html", {"form": form})


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("territory", "announcement", "results_post", "created_by"),
        pk=pk,
    )


@require(can_see_meetings)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    instructions = Instruction.objects.select_related("department", "responsible")
    questions = with_topics(meeting.questions.all()).prefetch_related(
        Prefetch("instructions", queryset=instructions.order_by("id"))
    )
    groups = group_by_topic(questions.order_by("created_at", "id"))
    context: dict[str, Any] = {
        "meeting": meeting,
        "groups": groups,
        "question_count": sum(g.count for g in groups),
        "ask_url": ask_url(meeting),
        "instructions": instructions.filter(meeting=meeting, question__isnull=True).order_by("id"),
        "can_manage": can_manage(request.user),  # type: ignore[arg-type]
        "question_form": QuestionForm(
            initial={"asked": _default_asked(meeting)},
        ),
        "answer_form": AnswerForm(),
        "instruction_form": InstructionForm(),
        "photos": list(meeting.photos.all()),
        "photo_form": MeetingPhotoForm(),
        "film_form": FilmForm(initial={"film_url": meeting.film_url}),
    }
    return render(request, "meetings/detail.html", context)


def _default_asked(meeting: Meeting) -> str:
    if meeting.state == Meeting.State.HELD:
        return Question.Asked.AT_MEETING
    return Question.Asked.ADVANCE


@require_POST
@require(can_manage)
def meeting_announce(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)

    def run(data: dict[str, Any]) -> str:
        actions.announce(request.user, meeting)  # type: ignore[arg-type]
        return "Черновик анонса добавлен в план публикаций: проверьте и утвердите его там"

    return run_form(request, None, run, meeting_url(meeting))


@require_POST
@require(can_manage)
def meeting_held(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)

    def run(data: dict[str, Any]) -> str:
        actions.mark_held(request.user, meeting)  # type: ignore[arg-type]
        return "Встреча отмечена проведённой"

    return run_form(request, None, run, meeting_url(meeting))


@require_POST
@require(can_manage)
def meeting_results(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)

    def run(data: dict[str, Any]) -> str:
        actions.publish_results(request.user, meeting)  # type: ignore[arg-type]
        return "Черновик поста с итогами добавлен в план публикаций: проверьте и утвердите его там"

    return run_form(request, None, run, meeting_url(meeting))


@require_POST
@require(can_manage)
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)

    def run(data: dict[str, Any]) -> str:
        data = {**data, "message": _message(data.get("message"))}
        actions.add_question(request.user, meeting, **data)  # type: ignore[arg-type]
        return "Вопрос записан"

    return run_form(request, QuestionForm(request.POST), run, meeting_url(meeting))


def _message(pk: int | None) -> Message | None:
    """The inbox message a question came from (the press service sees the whole inbox)."""
    if not pk:
        return None
    message = Message.objects.filter(pk=pk).first()
    if message is None:
        raise ValidationError(f"Нет сообщения №{pk}")
    return message


def _question(meeting_pk: int, pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("meeting"), pk=pk, meeting_id=meeting_pk
    )


@require_POST
@require(can_manage)
def question_answer(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question = _question(pk, question_pk)

    def run(data: dict[str, Any]) -> str:
        actions.answer_on_spot(request.user, question, data["answer"])  # type: ignore[arg-type]
        return "Ответ записан в протокол"

    return run_form(request, AnswerForm(request.POST), run, meeting_url(question.meeting))


@require_POST
@require(can_manage)
def meeting_instruct(request: HttpRequest, pk: int) -> HttpResponse:
    """«Дать поручение»: from a question of the meeting, or from the meeting itself."""
    meeting = _meeting(pk)

    def run(data: dict[str, Any]) -> str:
        question = _question(pk, data["question"]) if data.get("question") else None
        instruction = actions.issue_instruction(
            request.user,  # type: ignore[arg-type]
            text=data["text"],
            department=data["department"],
            responsible=data["responsible"],
            due=data["due"],
            working_days=data["working_days"],
            expected_result=data["expected_result"],
            meeting=meeting,
            question=question,
        )
        return f"Поручение {instruction.number} выдано"

    return run_form(request, InstructionForm(request.POST), run, meeting_url(meeting))


def meeting_url(meeting: Meeting) -> str:
    return reverse("meeting-detail", args=[meeting.pk])
