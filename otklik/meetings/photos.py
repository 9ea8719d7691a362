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
