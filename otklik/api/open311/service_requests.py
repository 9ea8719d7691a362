"""Incidents as the spec's service requests: what may be public, and nothing else.

No personal data: the description, the final answer (status_notes) and the address pass
`mask_personal`, the address loses its flat number, and no author, assignee or contact field is
written. Spam and insults are left out. Two queries whatever the number of rows (the related
rows joined, the published final answers prefetched).
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Prefetch, QuerySet

from otklik.answers.masking import mask_personal
from otklik.answers.models import Answer
from otklik.api.open311.dates import w3
from otklik.incidents.models import Incident
from otklik.incidents.states import NoAnswer, Resolution, Status

#: The spec: «free form text limited to 4,000 characters».
MAX_DESCRIPTION = 4000
MAX_ADDRESS = 500
#: «кв. 12», «квартира 5», «кв.№7» with the comma before it: the flat is nobody's business.
FLAT = re.compile(r",?\s*\bкв(?:\.|артир[аеуы]|артиры)?\s*№?\s*\d+\w*", re.IGNORECASE)


def public_incidents() -> QuerySet[Incident]:
    final = Answer.objects.filter(kind=Answer.Kind.FINAL, status=Answer.Status.PUBLISHED).order_by(
        "-updated_at", "-id"
    )
    return (
        Incident.objects.exclude(resolution=Resolution.SPAM)
        .exclude(no_answer_reason=NoAnswer.INSULT)
        .select_related("category", "department", "territory")
        .prefetch_related(Prefetch("answers", queryset=final, to_attr="final_answers"))
    )


def status(incident: Incident) -> str:
    """The spec knows two: open (reported) and closed (resolved)."""
    return "closed" if incident.status == Status.CLOSED else "open"


def status_notes(incident: Incident) -> str | None:
    """The final answer as published, masked; else, for a closed one, how it ended."""
    answers = getattr(incident, "final_answers", None) or []
    if answers:
        return mask_personal(answers[0].text)[:MAX_DESCRIPTION]
    if incident.status == Status.CLOSED and incident.resolution:
        return incident.get_resolution_display()
    return None


def address(incident: Incident) -> str | None:
    """From the most specific to the most general, as the spec asks: the street and house
    (without the flat), then the territory."""
    street = mask_personal(FLAT.sub("", incident.address_text)).strip(" ,")
    parts = [street, incident.territory.name if incident.territory else ""]
    text = ", ".join(part for part in parts if part)
    return text[:MAX_ADDRESS] or None


def request_record(incident: Incident) -> dict[str, Any]:
    """One <request>, its fields in the spec's order; lat/long are left out (an incident has no
    point of its own), as are address_id and zipcode (we keep neither)."""
    category = incident.category
    closed = incident.status == Status.CLOSED
    return {
        "service_request_id": str(incident.pk),
        "status": status(incident),
        "status_notes": status_notes(incident),
        "service_name": category.name if category else None,
        "service_code": category.code if category else None,
        "description": mask_personal(incident.description)[:MAX_DESCRIPTION] or None,
        "agency_responsible": incident.department.name if incident.department else None,
        "service_notice": None,
        "requested_datetime": w3(incident.created_at),
        "updated_datetime": w3((incident.closed_at if closed else None) or incident.updated_at),
        "expected_datetime": w3(incident.final_answer_due),
        "address": address(incident),
        "media_url": None,
    }
