"""Who may see and do what. Every view and query goes through these, not only the menus."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from otklik.accounts.models import User

View = Callable[..., HttpResponse]
# accounts sits below inbox and incidents, so it names neither: a queryset of any model (an
# incident's with `department`, a message's with `incident__department`) keeps its type.
M = TypeVar("M", bound=Model)


class DepartmentOwned(Protocol):
    """Anything that belongs to a department (an incident)."""

    department_id: int | None


def scope_incidents(user: User, qs: QuerySet[M]) -> QuerySet[M]:
    """Executors see only their department's incidents; everyone else on staff sees all."""
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_executor:
        if user.department_id is None:
            return qs.none()
        return qs.filter(department_id=user.department_id)
    return qs


def scope_messages(user: User, qs: QuerySet[M]) -> QuerySet[M]:
    """Executors see only messages that belong to their department's incidents."""
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_executor:
        if user.department_id is None:
            return qs.none()
        return qs.filter(incident__department_id=user.department_id)
    return qs


def can_see_inbox(user: User) -> bool:
    return user.is_authenticated and not user.is_executor


def can_triage(user: User) -> bool:
    """Create incidents from messages, attach, dismiss, assign departments."""
    return user.is_authenticated and user.is_press_service


def can_approve_for_mayor(user: User) -> bool:
    """Approve what goes out on the Mayor's personal pages (answers, planned posts)."""
    return user.is_authenticated and (user.is_admin or user.approves_for_mayor)


def can_edit_incident(user: User, incident: DepartmentOwned) -> bool:
    if not user.is_authenticated or not user.can_write:
        return False
    if user.is_press_service:
        return True
    return user.is_executor and incident.department_id == user.department_id


def require(check: Callable[[Any], bool]) -> Callable[[View], View]:
    """Decorator: the signed-in user must pass `check`, else 403."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
