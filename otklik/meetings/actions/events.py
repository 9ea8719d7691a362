"""An instruction's history: every action writes its line through here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from otklik.accounts.models import User
from otklik.meetings.models import Instruction, InstructionEvent


def record(
    instruction: Instruction,
    kind: str,
    actor: User | None,
    text: str = "",
    *,
    at: datetime | None = None,
    **fields: Any,
) -> InstructionEvent:
    return InstructionEvent.objects.create(
        instruction=instruction,
        kind=kind,
        actor=actor,
        text=text,
        created_at=at or timezone.now(),
        **fields,
    )
