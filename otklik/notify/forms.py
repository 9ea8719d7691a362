"""«Мои уведомления»: one block of fields per channel."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.validators import validate_email

from otklik.accounts.models import User
from otklik.notify.models import Channel, Notification, NotificationPreference

CHAT_ID = re.compile(r"^-?\d{1,20}$")
HINTS = {
    Channel.EMAIL: "пусто — e-mail из учётной записи",
    Channel.TELEGRAM: "chat id (число); напишите боту /start, он пришлёт его",
    Channel.MAX: "user id в MAX (число)",
}


class PreferencesForm(forms.Form):
    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        prefs = {p.channel: p for p in NotificationPreference.objects.filter(user=user)}
        for channel, label in Channel.choices:
            pref = prefs.get(channel)
            enabled = pref.enabled if pref else channel == Channel.EMAIL
            muted = set(pref.muted_kinds or []) if pref else set()
            self.fields[f"{channel}_enabled"] = forms.BooleanField(
                label=f"{label}: получать", required=False, initial=enabled
            )
            self.fields[f"{channel}_address"] = forms.CharField(
                label=f"{label}: адрес",
                required=False,
                max_length=255,
                initial=pref.address if pref else "",
                help_text=HINTS[channel],
            )
            self.fields[f"{channel}_kinds"] = forms.MultipleChoiceField(
                label=f"{label}: что присылать",
                required=False,
                choices=Notification.Kind.choices,
                widget=forms.CheckboxSelectMultiple,
                initial=[k for k in Notification.Kind.values if k not in muted],
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for channel, label in Channel.choices:
            address = (data.get(f"{channel}_address") or "").strip()
            enabled = data.get(f"{channel}_enabled")
            field = f"{channel}_address"
            if channel == Channel.EMAIL:
                if address:
                    try:
                        validate_email(address)
                    except forms.ValidationError:
                        self.add_error(field, "Неверный e-mail")
                elif enabled and not self.user.email:
                    self.add_error(field, "Укажите e-mail: в учётной записи его нет")
            elif address and not CHAT_ID.match(address):
                self.add_error(field, f"{label}: укажите числовой идентификатор")
            elif enabled and not address:
                self.add_error(field, f"{label}: укажите идентификатор, чтобы получать сообщения")
        return data

    def choices(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            channel: {
                "enabled": data.get(f"{channel}_enabled", False),
                "address": data.get(f"{channel}_address", ""),
                "kinds": data.get(f"{channel}_kinds", []),
            }
            for channel in Channel.values
        }

    def blocks(self) -> list[dict[str, Any]]:
        return [
            {
                "label": label,
                "enabled": self[f"{channel}_enabled"],
                "address": self[f"{channel}_address"],
                "kinds": self[f"{channel}_kinds"],
            }
            for channel, label in Channel.choices
        ]
