"""The subscription form: an address and the events."""

from __future__ import annotations

from django import forms

from otklik.api.webhooks.events import WebhookEvent


class SubscriptionForm(forms.Form):
    url = forms.CharField(
        label="Адрес получателя",
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://example.ru/otklik-hook"}),
    )
    events = forms.MultipleChoiceField(
        label="События",
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Выберите хотя бы одно событие"},
    )
