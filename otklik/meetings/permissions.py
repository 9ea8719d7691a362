"""Who may see and do what with meetings and instructions.

The press service (moderators, administrators) holds meetings and issues instructions; an
analyst may read. An executor sees and works on his own department's instructions only (the
same scoping as incidents, otklik.accounts.permissions); everyone else gets 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, QuerySet

from otklik.accounts.permissions import scope_incidents

if TYPE_CHECKING:
    from otklik.accounts.models import User
    from otklik.meetings.models import Instruction

M = TypeVar("M", bound=Model)


def _staff(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_manage(user: User) -> bool:
    """Create meetings, record questions, issue, extend and cancel instructions."""
    return _staff(user) and user.is_press_service and user.can_write


def can_see_meetings(user: User) -> bool:
    return _staff(user) and not user.is_executor


def can_see_instructions(user: User) -> bool:
    if not _staff(user):
        return False
    return not user.is_executor or user.department_id is not None


def scope_instructions(user: User, qs: QuerySet[M]) -> QuerySet[M]:
    """Executors: their department's instructions; the rest of the staff: all of them."""
    if not can_see_instructions(user):
        return qs.none()
    return scope_incidents(user, qs)


def can_see_instruction(user: User, instruction: Instruction) -> bool:
    if not can_see_instructions(user):
        return False
    return not user.is_executor or instruction.department_id == user.department_id


def can_work_on(user: User, instruction: Instruction) -> bool:
    """Take into work, report progress, complete: the press service or the department's
    executors."""
    if not _staff(user) or not user.can_write:
        return False
    if user.is_press_service:
        return True
    return user.is_executor and instruction.department_id == user.department_id
