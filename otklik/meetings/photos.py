"""Photos of progress reports: decoded and re-encoded before anything is kept.

The same rule as the residents' form, through the shared helper otklik.photos: only a JPEG, PNG
or WebP picture that decodes fully is kept, as a new JPEG written from its pixels alone (no EXIF
with the place and device, no bytes of the upload itself), scaled down to MAX_SIDE. Kept under
MEDIA_ROOT and served only to staff who may see the instruction.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile

from otklik.photos import PhotoError, clean


def clean_photo(upload: UploadedFile) -> ContentFile:
    """A clean JPEG from an uploaded picture, or ValidationError (in Russian)."""
    try:
        picture = clean(upload.read(), keep_alpha=False, name="report")
    except PhotoError as exc:
        raise ValidationError(str(exc)) from None
    return ContentFile(picture.data, name=picture.filename)


THUMB_SIDE = 640  # the briefing's thumbnails and the photos in its PDF


def clean_meeting_photo(upload: UploadedFile) -> tuple[ContentFile, ContentFile]:
    """A meeting photo as two clean JPEGs, the photo (≤ MAX_SIDE) and its thumbnail, written from
    the same decoded pixels; or ValidationError (in Russian)."""
    data = upload.read()
    try:
        photo = clean(data, keep_alpha=False, name="meeting")
        thumb = clean(photo.data, keep_alpha=False, side=THUMB_SIDE, name="meeting-thumb")
    except PhotoError as exc:
        raise ValidationError(str(exc)) from None
    return ContentFile(photo.data, name=photo.filename), ContentFile(
        thumb.data, name=thumb.filename
    )
