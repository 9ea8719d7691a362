"""Dates as the spec wants them: the W3C subset of ISO 8601 with the offset
(w3.org/TR/NOTE-datetime), shown in the city's time zone: «2026-11-20T12:00:00+07:00»."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from otklik.api.open311.formats import Open311Error

MAX_LENGTH = 40


def w3(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def parse_w3(name: str, value: str) -> datetime:
    """A client's date: «2026-11-01T00:00:00Z», with an offset, or a date alone (midnight in the
    city); a date without a zone is read in the city's time zone. 400 otherwise."""
    text = value.strip()
    try:
        if len(text) > MAX_LENGTH:
            raise ValueError(text[:MAX_LENGTH])
        moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise Open311Error(
            400,
            f"{name}: не дата в формате W3C (ISO 8601), например 2026-01-01T00:00:00+07:00",
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    return moment
