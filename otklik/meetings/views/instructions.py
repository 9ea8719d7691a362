"""Instructions: the list (scoped by department), the card and its actions, report photos."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from otklik.accounts.models import User
from otklik.accounts.permissions import require, scope_incidents
from otklik.form_actions import run_form
from otklik.incidents.models import Incident
from otklik.meetings import actions
from otklik.meetings.files import private_jpeg
from otklik.meetings.forms import (
    ExtendForm,
    InstructionFilterForm,
    LinkIncidentForm,
    ProgressForm,
    ReasonForm,
    ResultForm,
)
from otklik.meetings.models import Instruction, InstructionEvent
from otklik.meetings.permissions import (
    can_manage,
    can_see_instruction,
    can_see_instructions,
    can_work_on,
)
from otklik.meetings.queries import instruction_events, instruction_queryset

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@require(can_see_instructions)
def instruction_list(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("state", "open")
    form = InstructionFilterForm(data, user=_user(request))
    filters = form.cleaned_data if form.is_valid() else {"state": "open"}
    qs = instruction_queryset(_user(request), filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = data.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "meetings/instructions.html", context)


def _instruction(request: HttpRequest, pk: int) -> Instruction:
    """The instruction, or 403 to anyone who may not see it (another department's executor)."""
    qs = Instruction.objects.select_related(
        "department", "responsible", "meeting", "meeting__territory", "question", "created_by"
    )
    instruction = get_object_or_404(qs, pk=pk)
    if not can_see_instruction(_user(request), instruction):
        raise PermissionDenied
    return instruction


@require(can_see_instructions)
def instruction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    instruction = _instruction(request, pk)
    user = _user(request)
    incidents = instruction.incidents.select_related("department").order_by("pk")
    context: dict[str, Any] = {
        "instruction": instruction,
        "events": instruction_events(instruction),
        "incidents": incidents,
        "can_work": can_work_on(user, instruction) and instruction.is_open,
        "can_manage": can_manage(user) and instruction.is_open,
        "progress_form": ProgressForm(),
        "extend_form": ExtendForm(),
        "cancel_form": ReasonForm(),
        "result_form": ResultForm(),
        "link_form": LinkIncidentForm(),
    }
    return render(request, "meetings/instruction.html", context)


def instruction_url(instruction: Instruction) -> str:
    return reverse("instruction-detail", args=[instruction.pk])


@require_POST
@require(can_see_instructions)
def instruction_take(request: HttpRequest, pk: int) -> HttpResponse:
    instruction = _instruction(request, pk)

    def run(data: dict[str, Any]) -> str:
        actions.take_into_work(_user(request), instruction)
        return "Поручение принято в работу"

    return run_form(request, None, run, instruction_url(instruction))


@require_POST
@require(can_see_instructions)
def instruction_progress(request: HttpRequest, pk: int) -> HttpResponse:
    instruction = _instruction(request, pk)

    def run(data: dict[str, Any]) -> str:
        actions.report_progress(_user(request), instruction, data["text"], data.get("photo"))
        return "Отчёт о ходе исполнения добавлен"

    form = ProgressForm(request.POST, request.FILES)
    return run_form(request, form, run, instruction_url(instruction))


@require_POST
@require(can_see_instructions)
def instruction_extend(request: HttpRequest, pk: int) -> HttpResponse:
    instruction = _instruction(request, pk)

    def run(data: dict[str, Any]) -> str:
        actions.extend(
            _user(request),
            instruction,
            data["reason"],
            due=data["due"],
            working_days=data["working_days"],
        )
        return "Срок продлён"

    return run_form(request, ExtendForm(request.POST), run, instruction_url(instruction))


@require_POST
@require(can_see_instructions)
def instruction_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    instruction = _instruction(request, pk)

    def run(data: dict[str, Any]) -> str:
        actions.cancel(_user(request), instruction, data["reason"])
        return "Поручение отменено"

    return run_form(request, ReasonForm(request.POST), run, instruction_url(instruction))


@require_POST
@require(can_see_instructions)
def instruction_complete(request: HttpRequest, pk: int) -> HttpResponse:
    instruction = _instruction(request, pk)

    def run(data: dict[str, Any]) -> str:
        actions.complete(_user(request), instruction, data["result"])
        return "Поручение выполнено; ответы жителям связанных инцидентов ждут согласования"

    return run_form(request, ResultForm(request.POST), run, instruction_url(instruction))


@require_POST
@require(can_see_instructions)
def instruction_link(request: HttpRequest, pk: int) -> HttpResponse:
    instruction = _instruction(request, pk)

    def run(data: dict[str, Any]) -> str:
        seen = scope_incidents(_user(request), Incident.objects.all())
        incident = seen.filter(pk=data["incident"]).first()
        if incident is None:
            raise ValidationError(f"Инцидент #{data['incident']} не найден")
        actions.link_incident(_user(request), instruction, incident)
        return f"Инцидент #{incident.pk} связан с поручением"

    return run_form(request, LinkIncidentForm(request.POST), run, instruction_url(instruction))


@require_POST
@require(can_see_instructions)
def instruction_unlink(request: HttpRequest, pk: int, incident_pk: int) -> HttpResponse:
    instruction = _instruction(request, pk)
    incident = get_object_or_404(instruction.incidents.all(), pk=incident_pk)

    def run(data: dict[str, Any]) -> str:
        actions.unlink_incident(_user(request), instruction, incident)
        return f"Связь инцидента #{incident.pk} с поручением снята"

    return run_form(request, None, run, instruction_url(instruction))


@require(can_see_instructions)
def report_photo(request: HttpRequest, pk: int, event_pk: int) -> FileResponse:
    """A progress report's photo, only to staff who may see the instruction (never MEDIA_URL)."""
    instruction = _instruction(request, pk)
    event = get_object_or_404(InstructionEvent, pk=event_pk, instruction=instruction)
    return private_jpeg(event.photo.name, f"report-{event.pk}.jpg")
