"""A resident's report POSTed by an Open311 client, taken in like the web form's.

The path is otklik.public.views.report's (which api, its sibling, may not import): stored raw
first as a payload of the web-form source, then processed at once into an inbox message
(sources.actions); when that fails the payload stays for the worker. The contact fields
(first_name, last_name, email, phone) and the client's ids stay internal: in the raw payload and
the message's author and contact, never in a public answer.

The request is not an incident yet, so the client gets a token (its payload's external_id); once
the press service makes an incident of the message, GET tokens/<token> gives its number.
"""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.http import QueryDict

from otklik.accounts.models import User
from otklik.api.open311.formats import Open311Error
from otklik.api.open311.services import service
from otklik.cities.models import Category
from otklik.inbox.models import Message
from otklik.sources.actions import (
    claim_payload,
    get_or_create_source,
    process_payload,
    record_payload,
)
from otklik.sources.models import InboundPayload, Source

#: The residents' web form's source (otklik.public.views.FORM_SOURCE): one source for the form,
#: the meetings' questions and Open311.
FORM_SOURCE = "web-form"
FORM_TITLE = "Веб-форма «Сообщить о проблеме»"
EVENT_TYPE = "open311_request"
TOKEN = re.compile(r"[0-9a-f]{32}")
#: The longest value of each argument we take; the spec limits description to 4,000 characters.
LIMITS = {
    "jurisdiction_id": 200,
    "service_code": 64,
    "lat": 32,
    "long": 32,
    "address_string": 500,
    "address_id": 100,
    "email": 254,
    "device_id": 100,
    "account_id": 100,
    "first_name": 100,
    "last_name": 100,
    "phone": 50,
    "description": 4000,
    "media_url": 1000,
}
#: Control characters a text never needs (line breaks and tabs are kept).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Report:
    category: Category
    fields: dict[str, str]
    lat: float | None
    long: float | None

    @property
    def author(self) -> str:
        return f"{self.fields['first_name']} {self.fields['last_name']}".strip()

    @property
    def contact(self) -> str:
        return "; ".join(v for v in (self.fields["email"], self.fields["phone"]) if v)[:255]

    @property
    def place(self) -> str:
        """The message's address: the resident's words, else the point, else the address id."""
        if self.fields["address_string"]:
            return self.fields["address_string"]
        if self.lat is not None and self.long is not None:
            return f"широта {self.lat:.6f}, долгота {self.long:.6f}"
        return f"код адреса {self.fields['address_id']}"


def _fields(data: QueryDict) -> dict[str, str]:
    fields = {}
    for name, limit in LIMITS.items():
        value = CONTROL.sub("", data.get(name, "")).strip()
        if len(value) > limit:
            raise Open311Error(400, f"{name}: длиннее {limit} символов")
        fields[name] = value
    return fields


def _coordinate(name: str, value: str, bound: float) -> float:
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or abs(number) > bound:
        raise Open311Error(400, f"{name}: не координата WGS84 (число от −{bound:g} до {bound:g})")
    return number


def _point(fields: dict[str, str]) -> tuple[float | None, float | None]:
    lat, long = fields["lat"], fields["long"]
    if not lat and not long:
        return None, None
    if not (lat and long):
        raise Open311Error(400, "lat и long передаются вместе")
    return _coordinate("lat", lat, 90), _coordinate("long", long, 180)


def _check_contacts(fields: dict[str, str]) -> None:
    try:
        if fields["email"]:
            EmailValidator()(fields["email"])
    except ValidationError:
        raise Open311Error(400, "email: это не адрес электронной почты") from None
    try:
        if fields["media_url"]:
            URLValidator(schemes=["http", "https"])(fields["media_url"])
    except ValidationError:
        raise Open311Error(400, "media_url: нужна ссылка http:// или https://") from None


def parse_report(data: QueryDict) -> Report:
    """The POSTed arguments checked as the spec requires: service_code, and a location (lat and
    long, or address_string, or address_id). 400, or 404 for a service we do not have."""
    fields = _fields(data)
    if not fields["service_code"]:
        raise Open311Error(400, "Не передан service_code: выберите услугу из services.json")
    lat, long = _point(fields)
    if lat is None and not fields["address_string"] and not fields["address_id"]:
        raise Open311Error(
            400, "Не указано место: передайте lat и long, address_string или address_id"
        )
    _check_contacts(fields)
    category = service(fields["service_code"])
    if category is None:
        raise Open311Error(404, f"Услуги с кодом «{fields['service_code']}» нет")
    return Report(category=category, fields=fields, lat=lat, long=long)


def _body(report: Report, reference: str) -> dict[str, Any]:
    media_url = report.fields["media_url"]
    text = report.fields["description"] or f"Сообщение о проблеме «{report.category.name}»"
    return {
        "external_id": reference,
        "text": text,
        "author": report.author or "Житель (Open311)",
        "author_id": f"form:{reference}",
        "created_at": datetime.now(UTC).isoformat(),
        "kind": "form",
        "address": report.place,
        "contact": report.contact,
        "attachments": [{"type": "link", "url": media_url}] if media_url else [],
        "open311": {**report.fields, "lat": report.lat, "long": report.long},
    }


def take_in(report: Report, *, user: User, client: str) -> InboundPayload:
    """Record the raw payload and make it an inbox message at once (else the worker will)."""
    reference = uuid.uuid4().hex
    source = get_or_create_source(FORM_SOURCE, Source.Kind.FORM, FORM_TITLE)
    payload, _ = record_payload(
        source,
        reference,
        body=_body(report, reference),
        event_type=EVENT_TYPE,
        headers={"client": client, "api_user": user.username},
    )
    if claim_payload(payload):
        process_payload(payload)
    return payload


def resolve(token: str) -> tuple[bool, int | None]:
    """(whether the token is one we gave, the incident its message is in or None)."""
    if not TOKEN.fullmatch(token):
        return False, None
    payload = (
        InboundPayload.objects.filter(
            source__name=FORM_SOURCE, external_id=token, event_type=EVENT_TYPE
        )
        .values_list("pk", flat=True)
        .first()
    )
    if payload is None:
        return False, None
    incident = (
        Message.objects.filter(payload_id=payload, incident__isnull=False)
        .values_list("incident_id", flat=True)
        .first()
    )
    return True, incident
