"""The checks every action starts with: who may act, and what state and text it needs."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from otklik.accounts.models import User
from otklik.meetings.models import Instruction
from otklik.meetings.permissions import can_manage, can_work_on

TEXT_LIMIT = 10_000


def require_manage(actor: User) -> None:
    if not can_manage(actor):
        raise PermissionDenied("Встречи и поручения ведёт пресс-служба")


def require_work(actor: User, instruction: Instruction) -> None:
    if not can_work_on(actor, instruction):
        raise PermissionDenied("Это поручение другого подразделения")


def require_open(instruction: Instruction) -> None:
    if not instruction.is_open:
        raise ValidationError(f"Поручение {instruction.get_state_display().lower()}")


def clean_text(value: str, what: str, *, required: bool = True, limit: int = TEXT_LIMIT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(f"{what}: заполните")
    if len(value) > limit:
        raise ValidationError(f"{what}: не длиннее {limit} знаков")
    return value
