"""What the incident card shows: its facts, forms, reports, history and panels.

One place for the full page (views.incident_detail) and for the parts that the inline views
(inline_views) render again after a change."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from otklik.accounts.models import Role, User
from otklik.accounts.permissions import can_edit_incident, can_triage, scope_incidents
from otklik.incidents import actions
from otklik.incidents.forms import (
    AssignForm,
    CommentForm,
    DetailsForm,
    MergeForm,
    SplitForm,
    StatusForm,
)
from otklik.incidents.models import Event, Incident
from otklik.incidents.panels import card_panels
from otklik.incidents.states import Status, allowed_targets


def scoped_incident(user: User, pk: int) -> Incident:
    """The incident if the user may see it (404 otherwise), with what the card shows."""
    qs = scope_incidents(
        user,
        Incident.objects.select_related(
            "category", "category__parent", "department", "territory", "assignee", "created_by"
        ),
    )
    return get_object_or_404(qs, pk=pk)


def deadline_rule(events: list[Event]) -> dict[str, Any] | None:
    """The rule that set the current clocks, as the latest CREATED/UPDATED Event recorded it."""
    for event in reversed(events):
        if isinstance(event.data, dict) and isinstance(event.data.get("rule"), dict):
            return event.data["rule"]
    return None


def can_take(user: User, incident: Incident) -> bool:
    """«Назначить на меня» is offered to a user with a department who may route the incident
    there (the press service) or whose department it already is (its executor)."""
    if not user.department_id or not can_edit_incident(user, incident) or not incident.is_open:
        return False
    return can_triage(user) or incident.department_id == user.department_id


def work_context(user: User, incident: Incident) -> dict[str, Any]:
    """The facts, the assignment and the status forms, and the history (`_work.html`,
    `_history.html`)."""
    allowed = [(s, Status(s).label) for s in Status if s in allowed_targets(incident.status)]
    assign_form = AssignForm(
        initial={"department": incident.department, "assignee": incident.assignee}
    )
    if not can_triage(user):
        assign_form.fields["department"].disabled = True
    assignee_field = assign_form.fields["assignee"]
    assignee_field.queryset = User.objects.filter(  # type: ignore[attr-defined]
        role=Role.EXECUTOR, is_active=True, department=incident.department
    )
    events = list(incident.events.select_related("actor").order_by("created_at", "id"))
    return {
        "incident": incident,
        "deadline_rule": deadline_rule(events),
        "events": events,
        "can_edit": can_edit_incident(user, incident),
        "can_triage": can_triage(user),
        "can_take": can_take(user, incident),
        "assign_form": assign_form,
        "status_form": StatusForm(allowed=allowed),
        "comment_form": CommentForm(),
        "repeated": actions.repeated_reports(incident),
    }


def card_context(user: User, incident: Incident) -> dict[str, Any]:
    """Everything the card page shows."""
    return {
        **work_context(user, incident),
        "reports": incident.messages.select_related("source", "author", "territory").order_by(
            "created_at"
        ),
        "details_form": DetailsForm(
            initial={
                "title": incident.title,
                "category": incident.category,
                "territory": incident.territory,
                "address_text": incident.address_text,
                "priority": incident.priority,
                "is_formal_appeal": incident.is_formal_appeal,
            },
            formal_appeal=can_triage(user),
        ),
        "panels": card_panels(user, incident),
        "can_merge": can_triage(user) and user.can_write and incident.is_open,
        "merge_form": MergeForm(),
        "split_form": SplitForm(incident=incident),
        "duplicates": incident.duplicates.order_by("pk"),
    }
