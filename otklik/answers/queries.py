"""The answers' read side: the approval queue, scoped like every list a user sees."""

from __future__ import annotations

from django.db.models import QuerySet

from otklik.accounts.models import User
from otklik.accounts.permissions import scope_incidents
from otklik.answers.models import Answer
from otklik.incidents.models import Incident


def approval_queue(user: User) -> QuerySet[Answer]:
    """Answers waiting for approval, the longest-waiting first."""
    incidents = scope_incidents(user, Incident.objects.all())
    return (
        Answer.objects.filter(status=Answer.Status.SUBMITTED, incident__in=incidents)
        .select_related("incident", "incident__department", "incident__category", "author")
        .order_by("updated_at", "id")
    )


def approval_count(user: User) -> int:
    return approval_queue(user).count()
