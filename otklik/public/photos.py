"""Residents' photos: decoded and re-encoded with Pillow before anything is kept.

The decoding and the re-encoding are otklik.photos' (the shared helper): a file is kept only if
Pillow decodes it fully as a JPEG, PNG or WebP picture, and what is kept is a new JPEG written
from the pixels alone (no EXIF, no bytes of the upload itself). The orientation tag is applied
first, big pictures are scaled down, and a thumbnail is made for the staff's message card.

A photo of a report that failed validation (say, a contact without consent) is kept aside
under a random name, and the form carries a signed token for it, so the resident does not have
to choose it again; such leftovers are removed after a day.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import signing

from otklik.photos import MAX_SIDE, PhotoError, bounded, flatten, jpeg, open_picture

__all__ = ["Photo", "PhotoError", "reencode", "save_photo"]  # PhotoError: public.forms reads it

THUMB_SIDE = 320
QUALITY = 85
PENDING_MAX_AGE = 24 * 3600
PENDING_MAX_FILES = 200
TOKEN_SALT = "otklik.public.photo"
_PENDING_NAME = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Photo:
    image: bytes
    thumb: bytes
    width: int
    height: int


def reencode(data: bytes) -> Photo:
    """A clean JPEG and its thumbnail from an uploaded picture, or PhotoError (otklik.photos)."""
    picture = bounded(flatten(open_picture(data)), MAX_SIDE)
    thumb = bounded(picture, THUMB_SIDE)
    return Photo(jpeg(picture, QUALITY), jpeg(thumb, 80), picture.width, picture.height)


def _folder(*parts: str) -> Path:
    folder = Path(settings.MEDIA_ROOT, "form", *parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_photo(photo: Photo, reference: str) -> dict[str, str]:
    """Write a report's photo; the attachment the message keeps (paths under MEDIA_ROOT)."""
    folder = _folder()
    (folder / f"{reference}.jpg").write_bytes(photo.image)
    (folder / f"{reference}.thumb.jpg").write_bytes(photo.thumb)
    return {
        "type": "photo",
        "path": f"form/{reference}.jpg",
        "thumb": f"form/{reference}.thumb.jpg",
        "content_type": "image/jpeg",
        "size": str(len(photo.image)),
        "width": str(photo.width),
        "height": str(photo.height),
    }


def _clean_pending(folder: Path) -> int:
    now, left = time.time(), 0
    for path in folder.glob("*.jpg"):
        try:
            if now - path.stat().st_mtime > PENDING_MAX_AGE:
                path.unlink()
            else:
                left += 1
        except FileNotFoundError:
            continue
    return left


def keep_pending(photo: Photo) -> str | None:
    """Keep a photo of a report that is not accepted yet; a signed token for the form, or None
    when too many are waiting (the resident then chooses the photo again)."""
    folder = _folder("pending")
    if _clean_pending(folder) >= PENDING_MAX_FILES:
        return None
    name = secrets.token_hex(16)
    (folder / f"{name}.jpg").write_bytes(photo.image)
    (folder / f"{name}.thumb.jpg").write_bytes(photo.thumb)
    return signing.dumps({"photo": name, "w": photo.width, "h": photo.height}, salt=TOKEN_SALT)


def pending_photo(token: str) -> Photo | None:
    """The photo a valid token names, or None (forged, expired or gone)."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        return None
    name = str(data.get("photo", "")) if isinstance(data, dict) else ""
    if not _PENDING_NAME.match(name):
        return None
    folder = _folder("pending")
    try:
        image = (folder / f"{name}.jpg").read_bytes()
        thumb = (folder / f"{name}.thumb.jpg").read_bytes()
    except FileNotFoundError:
        return None
    return Photo(image, thumb, int(data.get("w", 0)), int(data.get("h", 0)))


def forget_pending(token: str) -> None:
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        return
    name = str(data.get("photo", "")) if isinstance(data, dict) else ""
    if _PENDING_NAME.match(name):
        for suffix in (".jpg", ".thumb.jpg"):
            Path(settings.MEDIA_ROOT, "form", "pending", name + suffix).unlink(missing_ok=True)
