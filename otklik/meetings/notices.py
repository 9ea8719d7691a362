"""Staff notices about instructions, queued in notify's outbox (`notify_user`, the kinds
«Выдано поручение», «Приближается срок поручения» and «Поручение просрочено»): the same
channels, the same worker, the same retries as the incidents' notices. Each is queued once: a
reminder's caller claims it first with a conditional UPDATE of the instruction, and the outbox's
dedupe key refuses a second copy.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from otklik.accounts.models import User
from otklik.meetings.models import Instruction
from otklik.notify.actions import executors_of, notify_user, press_service
from otklik.notify.models import Notification

ISSUED_KIND = Notification.Kind.INSTRUCTION_ISSUED
WARNING_KIND = Notification.Kind.INSTRUCTION_DUE
OVERDUE_KIND = Notification.Kind.INSTRUCTION_OVERDUE


def instruction_url(instruction: Instruction) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("instruction-detail", args=[instruction.pk])


def local(moment: object) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")  # type: ignore[arg-type]


def responsible(instruction: Instruction) -> list[User]:
    """The responsible person, else the department's executors, else the press service."""
    person = instruction.responsible
    if person is not None and person.is_active:
        return [person]
    return executors_of(instruction.department) or press_service()


def issued_text(instruction: Instruction) -> tuple[str, str]:
    subject = f"Новое поручение {instruction.number}"
    line = f"Срок исполнения: до {local(instruction.deadline)}."
    if instruction.expected_result:
        line += f"\nОжидаемый результат: {instruction.expected_result[:300]}"
    return subject, _body(instruction, line)


def issued(instruction: Instruction) -> int:
    """The department learns of a new instruction: its responsible person, else its executors,
    else the press service. Once per instruction (the outbox's dedupe key)."""
    subject, text = issued_text(instruction)
    key = f"instruction:{instruction.pk}:issued"
    return send(responsible(instruction), ISSUED_KIND, key, subject, text)


def warning_text(instruction: Instruction) -> tuple[str, str]:
    subject = f"Завтра срок поручения {instruction.number}"
    return subject, _body(instruction, f"Срок исполнения истекает {local(instruction.deadline)}.")


def overdue_text(instruction: Instruction) -> tuple[str, str]:
    subject = f"Просрочено поручение {instruction.number}"
    return subject, _body(instruction, f"Срок исполнения истёк {local(instruction.deadline)}.")


def _body(instruction: Instruction, line: str) -> str:
    return "\n".join(
        [
            f"Поручение {instruction.number}: «{instruction.text[:300]}».",
            f"Подразделение: {instruction.department}.",
            line,
            f"Открыть: {instruction_url(instruction)}",
        ]
    )


def send(users: Iterable[User], kind: str, key: str, subject: str, text: str) -> int:
    """Queue for every channel of every user (those who muted `kind` are skipped); how many."""
    queued = 0
    for user in {u.pk: u for u in users if u.is_active}.values():
        queued += len(notify_user(user, kind, key, subject=subject, text=text))
    return queued
