"""The service discovery document every GeoReport v2 endpoint must have (/Service_Discovery on
wiki.open311.org): where the endpoint is, which formats it speaks, how to get a key."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
#: «Sortable field that specifies the last time this document was updated»: the date this API's
#: services and definitions last changed shape. Change it with them.
CHANGESET = "2026-11-29 00:00"
MIME_TYPES = ["text/xml", "application/json"]


def endpoint_url() -> str:
    """The endpoint's root, /open311/v2, on the site's public address."""
    discovery = reverse("open311-discovery", kwargs={"fmt": "xml"})
    return settings.SITE_URL.rstrip("/") + discovery.rsplit("/", 1)[0]


def discovery_record() -> dict[str, Any]:
    return {
        "changeset": CHANGESET,
        "contact": f"Пресс-служба: {settings.CITY.name}. "
        "Вопросы об API — администратору «Отклика».",
        "key_service": "Ключ api_key выдаёт администратор «Отклика» (otklik token create ЛОГИН); "
        "он нужен только для отправки обращений (POST requests).",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": endpoint_url(),
                "changeset": CHANGESET,
                "type": "production",
                "formats": MIME_TYPES,
            }
        ],
    }
