"""GET requests' arguments, as the spec defines them, applied to the public incidents.

service_request_id (comma-delimited; it «overrides all other arguments»), service_code and
status (comma-delimited), start_date and end_date on requested_datetime: «when not specified,
the range defaults to most recent 90 days», and a range «may not span more than 90 days». At most
the first 1000 requests, newest first («a span of 90 days or first 1000 requests returned,
whichever is smallest»).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from otklik.api.open311.dates import parse_w3
from otklik.api.open311.formats import Open311Error
from otklik.incidents.models import Incident
from otklik.incidents.states import Status

MAX_SPAN = timedelta(days=90)
MAX_REQUESTS = 1000
MAX_LIST = 100  # codes or ids in one argument
STATUSES = ("open", "closed")


def _list(query: QueryDict, name: str) -> list[str]:
    """A comma-delimited argument, also when declared several times; empty means absent."""
    values = [part.strip() for raw in query.getlist(name) for part in raw.split(",")]
    values = [value for value in values if value]
    if len(values) > MAX_LIST:
        raise Open311Error(400, f"{name}: не больше {MAX_LIST} значений за один запрос")
    return values


def _ids(query: QueryDict) -> list[int]:
    ids = _list(query, "service_request_id")
    if not all(value.isdigit() and len(value) < 19 for value in ids):
        raise Open311Error(400, "service_request_id: номера обращений — целые числа через запятую")
    return [int(value) for value in ids]


def _statuses(query: QueryDict) -> list[str]:
    statuses = _list(query, "status")
    unknown = [value for value in statuses if value not in STATUSES]
    if unknown:
        raise Open311Error(400, "status: допустимы значения open и closed")
    return statuses


def _window(query: QueryDict) -> tuple[datetime, datetime]:
    start_text, end_text = query.get("start_date", ""), query.get("end_date", "")
    start = parse_w3("start_date", start_text) if start_text.strip() else None
    end = parse_w3("end_date", end_text) if end_text.strip() else None
    if start and end:
        if end < start:
            raise Open311Error(400, "end_date раньше start_date")
        if end - start > MAX_SPAN:
            raise Open311Error(400, "Промежуток start_date–end_date не может быть длиннее 90 дней")
        return start, end
    if start:
        return start, start + MAX_SPAN
    end = end or timezone.now()
    return end - MAX_SPAN, end


def filtered(incidents: QuerySet[Incident], query: QueryDict) -> QuerySet[Incident]:
    """The requests the arguments ask for, newest first, at most MAX_REQUESTS of them."""
    ids = _ids(query)
    if ids:
        return incidents.filter(pk__in=ids).order_by("-created_at", "-id")[:MAX_REQUESTS]
    codes, statuses = _list(query, "service_code"), _statuses(query)
    start, end = _window(query)
    incidents = incidents.filter(created_at__gte=start, created_at__lte=end)
    if codes:
        incidents = incidents.filter(category__code__in=codes)
    if set(statuses) == {"open"}:
        incidents = incidents.exclude(status=Status.CLOSED)
    elif set(statuses) == {"closed"}:
        incidents = incidents.filter(status=Status.CLOSED)
    return incidents.order_by("-created_at", "-id")[:MAX_REQUESTS]
