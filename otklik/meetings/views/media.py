"""The film and the photos of a meeting: add, remove, and the photos served to staff only."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_POST

from otklik.accounts.permissions import require
from otklik.form_actions import run_form
from otklik.meetings import actions
from otklik.meetings.files import private_jpeg
from otklik.meetings.forms import FilmForm, MeetingPhotoForm
from otklik.meetings.models import Meeting, MeetingPhoto
from otklik.meetings.permissions import can_manage, can_see_meetings


def _back(pk: int) -> str:
    return reverse("meeting-detail", args=[pk]) + "#media"


@require_POST
@require(can_manage)
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)

    def run(data: dict[str, Any]) -> str:
        actions.add_photo(request.user, meeting, data["photo"], data["caption"])  # type: ignore[arg-type]
        return "Фото добавлено"

    return run_form(request, MeetingPhotoForm(request.POST, request.FILES), run, _back(pk))


@require_POST
@require(can_manage)
def photo_remove(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    photo = get_object_or_404(MeetingPhoto, pk=photo_pk, meeting_id=pk)

    def run(data: dict[str, Any]) -> str:
        actions.remove_photo(request.user, photo)  # type: ignore[arg-type]
        return "Фото удалено"

    return run_form(request, None, run, _back(pk))


@require_POST
@require(can_manage)
def film_set(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)

    def run(data: dict[str, Any]) -> str:
        actions.set_film(request.user, meeting, data["film_url"])  # type: ignore[arg-type]
        return "Ссылка на фильм сохранена" if meeting.film_url else "Ссылка на фильм убрана"

    return run_form(request, FilmForm(request.POST), run, _back(pk))


@require(can_see_meetings)
def photo(request: HttpRequest, pk: int, photo_pk: int, size: str = "photo") -> FileResponse:
    """The photo or its thumbnail, to staff who may see meetings (never MEDIA_URL)."""
    found = get_object_or_404(MeetingPhoto, pk=photo_pk, meeting_id=pk)
    field = found.thumb if size == "thumb" else found.photo
    return private_jpeg(
        field.name, f"meeting-{pk}-{photo_pk}{'-thumb' if size == 'thumb' else ''}.jpg"
    )
