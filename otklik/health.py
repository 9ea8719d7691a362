"""GET /healthz: database reachable, and the inbound queue: pending, processing, stuck, failed.

`stuck` counts payloads still «processing» whose lease ran out: their worker died (kill -9, an
out-of-memory kill) and no live worker has taken them over yet. Alert when it stays above 0 for
longer than a lease (OTKLIK_CLAIM_LEASE_SECONDS).
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, JsonResponse
from django.utils import timezone

from otklik.sources.models import InboundPayload

Status = InboundPayload.Status


def queue_counts() -> dict[str, int]:
    """One query over the status index (done and skipped rows are not read)."""
    counts = InboundPayload.objects.filter(
        status__in=[Status.PENDING, Status.PROCESSING, Status.FAILED]
    ).aggregate(
        pending=Count("id", filter=Q(status=Status.PENDING)),
        processing=Count("id", filter=Q(status=Status.PROCESSING)),
        stuck=Count("id", filter=Q(status=Status.PROCESSING, lease_until__lt=timezone.now())),
        failed=Count("id", filter=Q(status=Status.FAILED)),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        counts = queue_counts()
    except Exception as exc:
        return JsonResponse(
            {"ok": False, "database": "unreachable", "error": type(exc).__name__}, status=503
        )
    return JsonResponse(
        {
            "ok": True,
            "database": connection.vendor,
            "pending_payloads": counts["pending"],
            "processing_payloads": counts["processing"],
            "stuck_payloads": counts["stuck"],
            "failed_payloads": counts["failed"],
        }
    )
