"""A message's stored photos for staff: GET /messages/<pk>/photos/<n>/<thumb|full>/.

Photos are never served from MEDIA_URL: this view serves them to signed-in staff who may see
the message (accounts.permissions.scope_messages: an executor only his department's), and
answers 404 to everyone else, as the message card does. Only a photo the message's own
attachments name is served, only from under MEDIA_ROOT, only as an image, never sniffed.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from otklik.accounts.permissions import scope_messages
from otklik.inbox.models import Message

CONTENT_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
                 ".webp": "image/webp"}  # fmt: skip
SIZES = {"thumb": "thumb", "full": "path"}


def stored_photo(message: Message, index: int, size: str) -> Path:
    """The file of the message's attachment `index` at `size`, or Http404."""
    attachments = message.attachments if isinstance(message.attachments, list) else []
    if size not in SIZES or not 0 <= index < len(attachments):
        raise Http404("нет такого фото")
    attachment = attachments[index]
    if not isinstance(attachment, dict) or attachment.get("type") != "photo":
        raise Http404("нет такого фото")
    relative = attachment.get(SIZES[size]) or attachment.get("path")
    if not isinstance(relative, str) or not relative:
        raise Http404("фото не хранится у нас")
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or path.suffix.lower() not in CONTENT_TYPES:
        raise Http404("нет такого фото")
    if not path.is_file():
        raise Http404("файл фото не найден")
    return path


@login_required
def message_photo(request: HttpRequest, pk: int, index: int, size: str) -> FileResponse:
    message = get_object_or_404(scope_messages(request.user, Message.objects.all()), pk=pk)
    path = stored_photo(message, index, size)
    response = FileResponse(path.open("rb"), content_type=CONTENT_TYPES[path.suffix.lower()])
    response["Content-Disposition"] = f'inline; filename="photo-{pk}-{index}{path.suffix}"'
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
