"""Administrators' pages: the acts of destruction (with a CSV) and the export audit."""

from __future__ import annotations

import io

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from otklik.accounts.models import User
from otklik.accounts.permissions import require
from otklik.privacy.actions.audit import record_export
from otklik.privacy.export import write_acts
from otklik.privacy.models import AuditEntry, RetentionAct

Entry = AuditEntry

PAGE = 200


def is_admin(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_admin", False))


@require(is_admin)
def acts(request: HttpRequest) -> HttpResponse:
    rows = RetentionAct.objects.select_related("actor")[:PAGE]
    context = {"acts": rows, "period_days": settings.PD_RETENTION_DAYS}
    return render(request, "privacy/acts.html", context)


@require(is_admin)
def acts_csv(request: HttpRequest) -> HttpResponse:
    out = io.StringIO()
    count = write_acts("csv", out)
    user = request.user if isinstance(request.user, User) else None
    record_export(
        what="retention-acts",
        fmt="csv",
        rows=count,
        channel=Entry.Channel.WEB,
        user=user,
        destination="скачивание",
    )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"otklik-acts-{timezone.now():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require(is_admin)
def exports(request: HttpRequest) -> HttpResponse:
    rows = AuditEntry.objects.select_related("user")[:PAGE]
    return render(request, "privacy/exports.html", {"entries": rows})
