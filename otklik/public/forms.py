from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from otklik.public.photos import PhotoError, reencode

MIN_TEXT = 10


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
        """The upload decoded and re-encoded (public.photos): a clean JPEG, or an error."""
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        if upload.size > settings.FORM_MAX_PHOTO_BYTES:
            limit = filesizeformat(settings.FORM_MAX_PHOTO_BYTES)
            raise forms.ValidationError(f"Фото слишком большое (не более {limit})")
        try:
            return reencode(upload.read())
        except PhotoError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("contact") and not data.get("consent"):
            self.add_error("consent", "Чтобы оставить контакт, нужно согласие на обработку данных")
        return data
