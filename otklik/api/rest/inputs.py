"""The shapes of what clients send: bounded ids, plain text without NUL, dates in range."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any, Literal

from django.db import models
from django.utils import timezone
from ninja import Field, Path, Query
from pydantic import AfterValidator, AwareDatetime
from pydantic_core import PydanticCustomError

from otklik.api.rest.pagination import CURSOR_CHARS, DEFAULT_LIMIT, MAX_LIMIT

#: The largest id a database column holds (bigint): a larger one is refused, not an overflow.
MAX_ID = 2**63 - 1
NO_NUL = r"^[^\x00]*$"

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID, description="Номер записи")]
OptionalId = Annotated[int | None, Query(None, ge=1, le=MAX_ID)]
Limit = Annotated[
    int, Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Записей на странице, 1…200")
]
Cursor = Annotated[
    str | None,
    Query(None, max_length=CURSOR_CHARS, description="Значение `next` предыдущей страницы"),
]
SearchText = Annotated[
    str | None, Query(None, max_length=200, pattern=NO_NUL, description="Поиск по тексту")
]
DateFrom = Annotated[date | None, Query(None, description="С даты (ГГГГ-ММ-ДД, время города)")]
DateTo = Annotated[date | None, Query(None, description="По дату включительно")]

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def plain(max_length: int, *, required: bool = False, description: str = "") -> object:
    """A body field of plain text: no NUL (PostgreSQL refuses it), bounded length."""
    return Field(
        ... if required else "",
        max_length=max_length,
        pattern=NO_NUL,
        description=description,
    )


def day_start(day: date) -> datetime:
    """The day's first moment in the city's time zone (a date out of range is clamped)."""
    day = min(max(day, EARLIEST), LATEST)
    return datetime.combine(day, time.min, timezone.get_current_timezone())


def day_end(day: date) -> datetime:
    day = min(max(day, EARLIEST), LATEST)
    return datetime.combine(day, time.max, timezone.get_current_timezone())


def _in_range(moment: datetime) -> datetime:
    if not EARLIEST <= moment.date() <= LATEST:
        raise PydanticCustomError("moment_range", "Год должен быть от 2000 до 2100")
    return moment


#: An aware moment (with its offset) between 2000 and 2100.
Moment = Annotated[AwareDatetime, AfterValidator(_in_range)]


def choice(choices: type[models.TextChoices]) -> Any:
    """A closed set of a model's values, as a Literal: the schema lists them, and no two enums
    of the same class name («Status») overwrite each other among the schema's components."""
    return Literal[tuple(choices.values)]  # type: ignore[valid-type]
