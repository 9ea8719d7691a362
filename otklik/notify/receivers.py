"""Notify listens to incidents (otklik.incidents.signals); connected in NotifyConfig.ready()."""

from __future__ import annotations

from typing import Any

from otklik.incidents.models import Event, Incident
from otklik.incidents.signals import incident_assigned, incident_reopened
from otklik.notify.actions import on_assigned, on_reopened


def assigned(sender: type[Incident], incident: Incident, **kwargs: Any) -> None:
    on_assigned(incident)


def reopened(
    sender: type[Incident], incident: Incident, event: Event, reason: str, **kwargs: Any
) -> None:
    on_reopened(incident, f"reopened:{incident.pk}:{event.pk}", reason)


def connect() -> None:
    incident_assigned.connect(assigned, sender=Incident, dispatch_uid="notify.assigned")
    incident_reopened.connect(reopened, sender=Incident, dispatch_uid="notify.reopened")
