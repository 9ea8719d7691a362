"""Suggestions listen to incidents (otklik.incidents.signals) and to the inbox
(otklik.inbox.signals); connected in SuggestionsConfig.ready()."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from otklik.accounts.models import User
from otklik.inbox.models import Message
from otklik.inbox.signals import messages_dismissed
from otklik.incidents.models import Incident
from otklik.incidents.signals import incident_decided
from otklik.suggestions.actions import record_decisions, record_dismissal


def decided(sender: type[Incident], actor: User, incident: Incident, **kwargs: Any) -> None:
    record_decisions(actor, incident)


def dismissed(
    sender: type[Message], actor: User, messages: Sequence[Message], **kwargs: Any
) -> None:
    record_dismissal(actor, messages)


def connect() -> None:
    incident_decided.connect(decided, sender=Incident, dispatch_uid="suggestions.decided")
    messages_dismissed.connect(dismissed, sender=Message, dispatch_uid="suggestions.dismissed")
