"""Instructions: issue (the department is notified), take into work, report progress, extend,
cancel, link and unlink incidents."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from otklik.accounts.models import User
from otklik.accounts.permissions import scope_incidents
from otklik.cities.models import Department
from otklik.incidents.models import Incident
from otklik.meetings import notices
from otklik.meetings.actions.checks import clean_text, require_manage, require_open, require_work
from otklik.meetings.actions.events import record
from otklik.meetings.deadlines import deadline_for, warn_moment
from otklik.meetings.models import Instruction, InstructionEvent, Meeting, Question
from otklik.meetings.numbers import next_number
from otklik.meetings.photos import clean_photo

Kind = InstructionEvent.Kind
State = Instruction.State
NUMBER_TRIES = 5


def _check_people(department: Department, responsible: User | None) -> None:
    if not department.is_active:
        raise ValidationError("Подразделение не действует")
    if responsible is not None and responsible.department_id != department.pk:
        raise ValidationError("Ответственный должен работать в выбранном подразделении")


def _check_source(meeting: Meeting | None, question: Question | None) -> None:
    if question is not None and (meeting is None or question.meeting_id != meeting.pk):
        raise ValidationError("Вопрос не относится к этой встрече")


def _create(**fields: object) -> Instruction:
    """A numbered row; a number taken by a concurrent issue is retried with the next one."""
    for _ in range(NUMBER_TRIES):
        try:
            with transaction.atomic():
                return Instruction.objects.create(number=next_number(timezone.now()), **fields)
        except IntegrityError:
            continue
    raise ValidationError("Не удалось присвоить номер поручению: повторите")


@transaction.atomic
def issue_instruction(
    actor: User,
    *,
    text: str,
    department: Department,
    due: date | None = None,
    working_days: int | None = None,
    meeting: Meeting | None = None,
    question: Question | None = None,
    responsible: User | None = None,
    expected_result: str = "",
) -> Instruction:
    """Issue an instruction; its deadline is the end of the working day of `due` or of the
    `working_days`-th working day from now, on the city's calendar."""
    require_manage(actor)
    _check_people(department, responsible)
    _check_source(meeting, question)
    now = timezone.now()
    deadline = deadline_for(now, due=due, working_days=working_days)
    instruction = _create(
        meeting=meeting,
        question=question,
        text=clean_text(text, "Текст поручения"),
        department=department,
        responsible=responsible,
        deadline=deadline,
        warn_at=warn_moment(deadline),
        expected_result=clean_text(expected_result, "Ожидаемый результат", required=False),
        created_by=actor,
        created_at=now,
    )
    if question is not None:
        Question.objects.filter(pk=question.pk).update(state=Question.State.INSTRUCTED)
        question.state = Question.State.INSTRUCTED
    record(instruction, Kind.ISSUED, actor, at=now, new_deadline=deadline)
    notices.issued(instruction)
    return instruction


@transaction.atomic
def take_into_work(actor: User, instruction: Instruction) -> Instruction:
    require_work(actor, instruction)
    if instruction.state != State.ISSUED:
        raise ValidationError("Принять в работу можно только выданное поручение")
    instruction.state = State.IN_PROGRESS
    fields = ["state"]
    if instruction.responsible_id is None and actor.department_id == instruction.department_id:
        instruction.responsible = actor
        fields.append("responsible")
    instruction.save(update_fields=fields)
    record(instruction, Kind.TAKEN, actor)
    return instruction


@transaction.atomic
def report_progress(
    actor: User, instruction: Instruction, text: str, photo: UploadedFile | None = None
) -> InstructionEvent:
    """A progress report, with a photo re-encoded before it is kept."""
    require_work(actor, instruction)
    require_open(instruction)
    text = clean_text(text, "Отчёт")
    event = InstructionEvent(
        instruction=instruction, kind=Kind.PROGRESS, actor=actor, text=text,
        created_at=timezone.now(),
    )  # fmt: skip
    if photo is not None:
        event.photo.save("report.jpg", clean_photo(photo), save=False)
    event.save()
    if instruction.state == State.ISSUED:
        instruction.state = State.IN_PROGRESS
        instruction.save(update_fields=["state"])
    return event


@transaction.atomic
def extend(
    actor: User,
    instruction: Instruction,
    reason: str,
    *,
    due: date | None = None,
    working_days: int | None = None,
) -> Instruction:
    """A later deadline, with the reason; the reminders run again for it."""
    require_manage(actor)
    require_open(instruction)
    reason = clean_text(reason, "Причина продления")
    old = instruction.deadline
    new = deadline_for(timezone.now(), due=due, working_days=working_days)
    if new <= old:
        raise ValidationError("Новый срок должен быть позже прежнего")
    instruction.deadline, instruction.warn_at = new, warn_moment(new)
    instruction.warned_at = instruction.overdue_notified_at = None
    instruction.save(update_fields=["deadline", "warn_at", "warned_at", "overdue_notified_at"])
    record(instruction, Kind.EXTENDED, actor, reason, old_deadline=old, new_deadline=new)
    return instruction


@transaction.atomic
def cancel(actor: User, instruction: Instruction, reason: str) -> Instruction:
    require_manage(actor)
    require_open(instruction)
    reason = clean_text(reason, "Причина отмены")
    instruction.state = State.CANCELLED
    instruction.save(update_fields=["state"])
    record(instruction, Kind.CANCELLED, actor, reason)
    return instruction


@transaction.atomic
def link_incident(actor: User, instruction: Instruction, incident: Incident) -> None:
    """The incident this instruction answers: on completion its resident gets an answer."""
    require_work(actor, instruction)
    if not scope_incidents(actor, Incident.objects.filter(pk=incident.pk)).exists():
        raise PermissionDenied("Этот инцидент вам не виден")
    if instruction.incidents.filter(pk=incident.pk).exists():
        raise ValidationError(f"Инцидент #{incident.pk} уже связан с поручением")
    instruction.incidents.add(incident)
    record(instruction, Kind.LINKED, actor, f"Инцидент #{incident.pk}: {incident.title}")


@transaction.atomic
def unlink_incident(actor: User, instruction: Instruction, incident: Incident) -> None:
    """The incident no longer answered by this instruction: its resident gets no answer from
    the instruction's completion. Only while the instruction is open."""
    require_work(actor, instruction)
    require_open(instruction)
    if not instruction.incidents.filter(pk=incident.pk).exists():
        raise ValidationError(f"Инцидент #{incident.pk} не связан с поручением")
    instruction.incidents.remove(incident)
    record(instruction, Kind.UNLINKED, actor, f"Инцидент #{incident.pk}: {incident.title}")
