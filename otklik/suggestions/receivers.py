"""Suggestions listen to incidents (otklik.incidents.signals); connected in
SuggestionsConfig.ready()."""

from __future__ import annotations

from typing import Any

from otklik.accounts.models import User
from otklik.incidents.models import Incident
from otklik.incidents.signals import incident_decided
from otklik.suggestions.actions import record_decisions


def decided(sender: type[Incident], actor: User, incident: Incident, **kwargs: Any) -> None:
    record_decisions(actor, incident)


def connect() -> None:
    incident_decided.connect(decided, sender=Incident, dispatch_uid="suggestions.decided")
