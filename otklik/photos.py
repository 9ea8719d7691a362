"""Pictures from outside, made safe to keep: a ground-floor helper on Pillow (it imports no app).

A file is kept only if Pillow decodes it fully as a JPEG, PNG or WebP picture, within a byte
limit and a pixel limit (a decompression bomb is refused, not decoded). What is kept is a new
file written from the pixels alone: no EXIF (place, device, owner), no ICC or comments, and no
bytes of the upload itself, so a polyglot (a JPEG header followed by HTML or a script) is either
refused or comes out a clean picture. The orientation tag is applied first and the longest side
is bounded (MAX_SIDE). A picture with transparency becomes a PNG when the caller keeps it
(`keep_alpha`), else it is flattened onto white; everything else becomes a JPEG.

    picture = clean(upload.read())          # Picture(data, content_type, filename), or PhotoError
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixels: more is a decompression bomb, not a phone photo
MAX_SIDE = 2560
QUALITY = 85
BAD_FILE = "Файл не читается как фотография JPEG, PNG или WebP"
BAD_FORMAT = "Поддерживаются только фотографии JPEG, PNG или WebP"
TOO_MANY_PIXELS = "Фото слишком большое по размеру в точках"


class PhotoError(ValueError):
    """Not a picture we keep; the message is in Russian, for the person who sent it."""


@dataclass(frozen=True)
class Picture:
    """A clean picture: its bytes, their content type and a file name to send them under."""

    data: bytes
    content_type: str
    filename: str
    width: int = 0
    height: int = 0

    @property
    def extension(self) -> str:
        return ".png" if self.content_type == "image/png" else ".jpg"


def open_picture(data: bytes, max_bytes: int = MAX_BYTES) -> Image.Image:
    """The decoded picture, turned upright by its orientation tag, or PhotoError."""
    if len(data) > max_bytes:
        raise PhotoError(f"Файл слишком большой (не более {max_bytes // (1024 * 1024)} МБ)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            _verify(data)
            with Image.open(io.BytesIO(data)) as opened:
                opened.load()
                return ImageOps.exif_transpose(opened)
    except PhotoError:
        raise
    except Image.DecompressionBombError as exc:
        raise PhotoError(TOO_MANY_PIXELS) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Warning) as exc:
        raise PhotoError(BAD_FILE) from exc


def _verify(data: bytes) -> None:
    """The format and the size in pixels before decoding, then Pillow's structural check."""
    with Image.open(io.BytesIO(data)) as probe:
        if probe.format not in ACCEPTED_FORMATS:
            raise PhotoError(BAD_FORMAT)
        width, height = probe.size
        if width * height > MAX_PIXELS:
            raise PhotoError(TOO_MANY_PIXELS)
        probe.verify()


def has_alpha(picture: Image.Image) -> bool:
    return picture.mode in ("RGBA", "LA") or (
        picture.mode == "P" and "transparency" in picture.info
    )


def flatten(picture: Image.Image) -> Image.Image:
    """RGB; transparent parts onto white."""
    if not has_alpha(picture):
        return picture.convert("RGB")
    rgba = picture.convert("RGBA")
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return flat


def bounded(picture: Image.Image, side: int = MAX_SIDE) -> Image.Image:
    """A copy no longer than `side` on its longest side (never enlarged)."""
    copy = picture.copy()
    copy.thumbnail((side, side))
    return copy


def jpeg(picture: Image.Image, quality: int = QUALITY) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=quality, optimize=True)  # no exif=, no icc_profile=
    return out.getvalue()


def png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)  # no exif=, no pnginfo=
    return out.getvalue()


def clean(
    data: bytes, *, keep_alpha: bool = True, max_bytes: int = MAX_BYTES, side: int = MAX_SIDE,
    name: str = "image",
) -> Picture:  # fmt: skip
    """A re-encoded picture (JPEG, or PNG when it has transparency and `keep_alpha`)."""
    picture = open_picture(data, max_bytes)
    if keep_alpha and has_alpha(picture):
        out = bounded(picture.convert("RGBA"), side)
        return Picture(png(out), "image/png", f"{name}.png", out.width, out.height)
    out = bounded(flatten(picture), side)
    return Picture(jpeg(out), "image/jpeg", f"{name}.jpg", out.width, out.height)
