"""The film and the photos of a meeting: a link to the film (http or https only) and photos
re-encoded without EXIF before they are kept."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from otklik.accounts.models import User
from otklik.meetings.actions.checks import clean_text, require_manage
from otklik.meetings.models import Meeting, MeetingPhoto
from otklik.meetings.photos import clean_meeting_photo

MAX_PHOTOS = 30
URL_MAX = 1000
BAD_URL = "Ссылка на фильм: нужен адрес, начинающийся с http:// или https://"
check_url = URLValidator(schemes=["http", "https"], message=BAD_URL)


def clean_film_url(url: str) -> str:
    """The address as typed, trimmed; empty removes the film; anything but http(s) is refused."""
    url = (url or "").strip()
    if not url:
        return ""
    if len(url) > URL_MAX:
        raise ValidationError(f"Ссылка на фильм: не длиннее {URL_MAX} знаков")
    check_url(url)
    return url


@transaction.atomic
def set_film(actor: User, meeting: Meeting, url: str) -> Meeting:
    require_manage(actor)
    meeting.film_url = clean_film_url(url)
    meeting.save(update_fields=["film_url"])
    return meeting


@transaction.atomic
def add_photo(
    actor: User, meeting: Meeting, upload: UploadedFile, caption: str = ""
) -> MeetingPhoto:
    require_manage(actor)
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # one upload at a time
    if meeting.photos.count() >= MAX_PHOTOS:
        raise ValidationError(f"У встречи уже {MAX_PHOTOS} фото: удалите лишние")
    caption = clean_text(caption, "Подпись", required=False, limit=300)
    photo_file, thumb_file = clean_meeting_photo(upload)
    photo = MeetingPhoto(
        meeting=meeting, caption=caption, created_by=actor, created_at=timezone.now()
    )
    photo.photo.save(photo_file.name, photo_file, save=False)
    photo.thumb.save(thumb_file.name, thumb_file, save=False)
    photo.save()
    return photo


@transaction.atomic
def remove_photo(actor: User, photo: MeetingPhoto) -> None:
    """The row, and both files once the row is gone for good."""
    require_manage(actor)
    storage, names = photo.photo.storage, [photo.photo.name, photo.thumb.name]
    photo.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])
