"""«Ход работ» on the incident card: the executor's reports from the site, with photos taken on
the phone, re-encoded by otklik.photos before incidents.actions.report_progress keeps them.

The panel is registered with incidents.panels in DeskConfig.ready(); the photos are served only
to staff who may see the incident (accounts.permissions.scope_incidents), never from MEDIA_URL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from otklik.accounts.models import User
from otklik.accounts.permissions import can_edit_incident, scope_incidents
from otklik.incidents import actions
from otklik.incidents.models import Event, Incident
from otklik.photos import PhotoError, Picture, clean

THUMB_SIDE = 480
CONTENT_TYPES = {".jpg": "image/jpeg", ".png": "image/png"}


def progress_events(incident: Incident) -> list[Event]:
    qs = incident.events.filter(kind=Event.Kind.COMMENTED, data__progress=True)
    return list(qs.select_related("actor").order_by("-created_at", "-id"))


def progress_panel(user: User, incident: Incident) -> dict[str, Any] | None:
    """The panel's context; None (no panel) when there is nothing to show or to do."""
    can_report = can_edit_incident(user, incident) and incident.is_open
    reports = progress_events(incident)
    if not reports and not can_report:
        return None
    return {"incident": incident, "reports": reports, "can_report": can_report}


def clean_upload(upload: UploadedFile) -> tuple[Picture, Picture]:
    """The photo (≤ MAX_SIDE) and its thumbnail from the same pixels, or ValidationError."""
    try:
        photo = clean(upload.read(), keep_alpha=False, name="progress")
        thumb = clean(photo.data, keep_alpha=False, side=THUMB_SIDE, name="progress-thumb")
    except PhotoError as exc:
        raise ValidationError(f"{upload.name}: {exc}") from None
    return photo, thumb


def _incident(request: HttpRequest, pk: int) -> Incident:
    return get_object_or_404(scope_incidents(request.user, Incident.objects.all()), pk=pk)


@require_POST
@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk)
    user: User = request.user  # type: ignore[assignment]
    uploads = request.FILES.getlist("photos")
    try:
        if len(uploads) > actions.MAX_PROGRESS_PHOTOS:
            raise ValidationError(f"Не более {actions.MAX_PROGRESS_PHOTOS} фото в одном отчёте")
        photos = [clean_upload(upload) for upload in uploads]
        actions.report_progress(user, incident, request.POST.get("comment", ""), photos)
    except (ValidationError, PermissionDenied) as exc:
        flash.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
    else:
        flash.success(request, f"Отчёт о ходе работ добавлен, фото: {len(photos)}")
    return redirect("incident-detail", pk=pk)


def stored(event: Event, index: int, size: str) -> Path:
    photos = event.data.get("photos") if isinstance(event.data, dict) else None
    if size not in {"thumb", "full"} or not isinstance(photos, list):
        raise Http404("нет такого фото")
    if not 0 <= index < len(photos) or not isinstance(photos[index], dict):
        raise Http404("нет такого фото")
    relative = photos[index].get("thumb" if size == "thumb" else "path")
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / str(relative or "")).resolve()
    if not relative or not path.is_relative_to(root) or path.suffix not in CONTENT_TYPES:
        raise Http404("нет такого фото")
    if not path.is_file():
        raise Http404("файл фото не найден")
    return path


@login_required
def photo(request: HttpRequest, pk: int, event: int, index: int, size: str) -> FileResponse:
    incident = _incident(request, pk)
    found = get_object_or_404(Event, pk=event, incident=incident, kind=Event.Kind.COMMENTED)
    path = stored(found, index, size)
    response = FileResponse(path.open("rb"), content_type=CONTENT_TYPES[path.suffix])
    response["Content-Disposition"] = (
        f'inline; filename="incident-{pk}-{event}-{index}{path.suffix}"'
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
