"""Photos of progress reports: decoded and re-encoded with Pillow before anything is kept.

The same rule as the residents' form (otklik.public.photos, which this app may not import): only
a JPEG, PNG or WebP picture that decodes fully is kept, as a new JPEG written from its pixels
alone (no EXIF with the place and device, no bytes of the upload itself), scaled down to
MAX_SIDE. Kept under MEDIA_ROOT and served only to staff who may see the instruction.
"""

from __future__ import annotations

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 40_000_000
MAX_SIDE = 2560
QUALITY = 85
BAD_FILE = "Файл не читается как фотография JPEG, PNG или WebP"


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                if opened.format not in ACCEPTED_FORMATS:
                    raise ValidationError("Поддерживаются только фотографии JPEG, PNG или WebP")
                width, height = opened.size
                if width * height > MAX_PIXELS:
                    raise ValidationError("Фото слишком большое по размеру в точках")
                opened.load()
                return ImageOps.exif_transpose(opened)
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        raise ValidationError("Фото слишком большое по размеру в точках") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Warning) as exc:
        raise ValidationError(BAD_FILE) from exc


def clean_photo(upload: UploadedFile) -> ContentFile:
    """A clean JPEG from an uploaded picture, or ValidationError (in Russian)."""
    picture = _open(upload.read())
    if picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        picture = flat
    else:
        picture = picture.convert("RGB")
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=QUALITY, optimize=True)
    return ContentFile(out.getvalue(), name="report.jpg")
