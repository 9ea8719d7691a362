"""Russian texts of the staff notifications, with the incident's link."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from otklik.incidents.models import Incident
from otklik.notify.models import Notification

Kind = Notification.Kind

SUBJECTS: dict[str, str] = {
    Kind.ASSIGNMENT: "Вам назначен инцидент #{pk}",
    Kind.DEADLINE_WARNING: "Приближается срок по инциденту #{pk}",
    Kind.OVERDUE: "Нарушен срок по инциденту #{pk}",
    Kind.ESCALATION: "Эскалация: нарушен срок по инциденту #{pk}",
    Kind.RETURNED: "Ответ по инциденту #{pk} возвращён на доработку",
    Kind.REOPENED: "Житель сообщил, что проблема по инциденту #{pk} не решена",
}


def incident_url(incident: Incident) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("incident-detail", args=[incident.pk])


def local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


def render(kind: str, incident: Incident, detail: str = "") -> tuple[str, str]:
    """(subject, text) of a notification; `detail` is the kind-specific sentence."""
    subject = SUBJECTS[kind].format(pk=incident.pk)
    lines = [f"{subject}: «{incident.title}»."]
    if detail:
        lines.append(detail)
    if kind == Kind.ASSIGNMENT and incident.final_answer_due:
        lines.append(f"Срок окончательного ответа: {local(incident.final_answer_due)}.")
    lines.append(f"Открыть: {incident_url(incident)}")
    return subject, "\n".join(lines)
