"""A post's image: re-encoded (otklik.photos) and kept under MEDIA_ROOT/plan/<uuid>.jpg.

Post.image keeps the path relative to MEDIA_ROOT («plan/3f2a….jpg»); the file is written once
and never changed (a new upload is a new file), so a publication in flight reads what was
approved. It is served only to the press service (views/images.py), never through MEDIA_URL,
and sent to the platforms as a `Picture` (`load`).
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from otklik.photos import MAX_BYTES, PhotoError, Picture, clean

FOLDER = "plan"
TYPES = {".jpg": "image/jpeg", ".png": "image/png"}
#: The import's `image` column: files it may read, by extension.
IMPORTABLE = {".jpg", ".jpeg", ".png", ".webp"}


def clean_upload(data: bytes) -> Picture:
    """The picture re-encoded, or ValidationError in Russian."""
    try:
        return clean(data, name="post")
    except PhotoError as exc:
        raise ValidationError(f"Изображение: {exc}") from None


def keep(picture: Picture) -> str:
    """Write a clean picture under a new name; its path relative to MEDIA_ROOT."""
    name = f"{FOLDER}/{uuid.uuid4().hex}{picture.extension}"
    return default_storage.save(name, ContentFile(picture.data))


def import_file(value: str) -> str:
    """The import's `image` cell: a path to a local picture, checked, re-encoded and kept;
    "" for an empty cell; ValueError in Russian for a bad one (the row's error)."""
    value = value.strip()
    if not value:
        return ""
    path = Path(value).expanduser()
    if path.suffix.lower() not in IMPORTABLE:
        raise ValueError(f"изображение {value!r}: нужен файл JPEG, PNG или WebP")
    try:
        if not path.is_file():
            raise ValueError(f"изображение {value!r}: файла нет")
        if path.stat().st_size > MAX_BYTES:
            raise ValueError(f"изображение {value!r}: файл больше {MAX_BYTES // 2**20} МБ")
        data = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"изображение {value!r}: не прочитать ({exc.strerror})") from None
    try:
        return keep(clean(data, name="post"))
    except PhotoError as exc:
        raise ValueError(f"изображение {value!r}: {exc}") from None


def stored_path(relative: str) -> Path | None:
    """The kept file on disk, only inside MEDIA_ROOT/plan; None if absent or outside."""
    if not relative:
        return None
    folder = (Path(settings.MEDIA_ROOT) / FOLDER).resolve()
    path = (Path(settings.MEDIA_ROOT) / relative).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        return None
    return path


def content_type(path: Path) -> str:
    return TYPES.get(path.suffix.lower(), "image/jpeg")


def load(relative: str) -> Picture | None:
    """The post's image to send, or None when the post has none; a path that names no kept
    file is an error (the press service re-uploads the image)."""
    if not relative:
        return None
    path = stored_path(relative)
    if path is None:
        raise ValidationError(
            f"Файл изображения поста не найден ({relative}): загрузите изображение заново"
        )
    return Picture(path.read_bytes(), content_type(path), f"post{path.suffix.lower()}")
