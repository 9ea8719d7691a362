from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def otklik(request: HttpRequest) -> dict[str, Any]:
    return {"city": settings.CITY, "time_zone": settings.TIME_ZONE}
