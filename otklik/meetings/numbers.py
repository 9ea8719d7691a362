"""Instruction numbers: «П-2026-0001», counted anew every year (the city's calendar year)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from otklik.meetings.models import Instruction

PREFIX = "П"


def next_number(at: datetime) -> str:
    """The next free number of the year of `at`; the unique column settles a race."""
    year = timezone.localtime(at).year
    head = f"{PREFIX}-{year}-"
    last = (
        Instruction.objects.filter(number__startswith=head)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    count = int(last.removeprefix(head)) if last and last.removeprefix(head).isdigit() else 0
    return f"{head}{count + 1:04d}"
