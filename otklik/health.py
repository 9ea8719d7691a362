"""GET /healthz: database reachable, pending work counts."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse

from otklik.sources.models import InboundPayload


def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = InboundPayload.objects.filter(status=InboundPayload.Status.PENDING).count()
        failed = InboundPayload.objects.filter(status=InboundPayload.Status.FAILED).count()
    except Exception as exc:
        return JsonResponse(
            {"ok": False, "database": "unreachable", "error": type(exc).__name__}, status=503
        )
    return JsonResponse(
        {
            "ok": True,
            "database": connection.vendor,
            "pending_payloads": pending,
            "failed_payloads": failed,
        }
    )
