"""Pictures kept under MEDIA_ROOT and served only through staff views (never MEDIA_URL)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404


def private_jpeg(name: str, filename: str) -> FileResponse:
    """The stored JPEG `name` (relative to MEDIA_ROOT), or 404; the caller checked access."""
    if not name:
        raise Http404("нет фото")
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / name).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise Http404("файл фото не найден")
    response = FileResponse(path.open("rb"), content_type="image/jpeg")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def read_stored(name: str) -> bytes | None:
    """The bytes of a stored file, or None when it is missing (the PDF then leaves it out)."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / name).resolve()
    if not name or not path.is_relative_to(root) or not path.is_file():
        return None
    return path.read_bytes()
