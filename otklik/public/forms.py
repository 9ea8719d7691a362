from __future__ import annotations

from django import forms
from django.conf import settings

PHOTO_SIGNATURES = {b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png", b"RIFF": "webp"}
MIN_TEXT = 10


def photo_extension(head: bytes) -> str | None:
    for signature, extension in PHOTO_SIGNATURES.items():
        if head.startswith(signature):
            if extension == "webp" and head[8:12] != b"WEBP":
                return None
            return extension
    return None


class ReportForm(forms.Form):
    text = forms.CharField(
        label="Опишите проблему",
        min_length=MIN_TEXT,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "Что случилось и где?"}),
    )
    address = forms.CharField(
        label="Адрес или ориентир (необязательно)", required=False, max_length=300
    )
    name = forms.CharField(
        label="Как к вам обращаться (необязательно)", required=False, max_length=100
    )
    contact = forms.CharField(
        label="Телефон или e-mail для ответа (необязательно)", required=False, max_length=150
    )
    photo = forms.FileField(label="Фото (необязательно, JPEG/PNG/WebP)", required=False)
    consent = forms.BooleanField(
        label="Согласен(на) на обработку персональных данных для рассмотрения обращения",
        required=False,
    )
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # a trap for bots

    def clean_photo(self) -> object:
        photo = self.cleaned_data.get("photo")
        if not photo:
            return None
        if photo.size > settings.FORM_MAX_PHOTO_BYTES:
            raise forms.ValidationError("Фото слишком большое (не более 5 МБ)")
        head = photo.read(16)
        photo.seek(0)
        if photo_extension(head) is None:
            raise forms.ValidationError("Поддерживаются только фотографии JPEG, PNG или WebP")
        return photo

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("contact") and not data.get("consent"):
            self.add_error("consent", "Чтобы оставить контакт, нужно согласие на обработку данных")
        return data
