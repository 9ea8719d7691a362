from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string

from otklik.sources.actions import retry_failed
from otklik.sources.channels import CHANNELS
from otklik.sources.crypto import UnreadableSecrets
from otklik.sources.models import InboundPayload, Source, SourceCredential


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "kind", "is_active", "is_mayor_page", "last_event_at")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "title")
    readonly_fields = ("cursor", "last_event_at", "last_error", "last_error_at")


#: Russian names of the secrets the channel adapters read (sources.channels.SECRET_KEYS and
#: the adapters' `secret_keys`).
SECRET_LABELS = {
    "secret": "VK: секретный ключ Callback API",
    "confirmation": "VK: строка подтверждения",
    "token": "Токен (VK — сообщества, Telegram и MAX — бота)",
    "user_token": "VK: токен администратора",
    "service_token": "VK: сервисный ключ приложения",
    "webhook_secret": "Секрет вебхука (Telegram, MAX, OK)",
    "access_token": "OK: access_token",
    "secret_key": "OK: секретный ключ приложения",
    "bot_token": "OK: токен бота (Graph API)",
    "password": "Почта: пароль IMAP",
    "smtp_password": "Почта: пароль SMTP",
}
PREFIX = "secret__"


def secret_keys(credential: SourceCredential | None) -> list[str]:
    """The secrets a credential's form offers: its adapter's, and any already stored."""
    keys: list[str] = []
    source = getattr(credential, "source", None) if credential and credential.source_id else None
    if source is not None and source.kind in CHANNELS:
        keys = list(import_string(CHANNELS[source.kind]).secret_keys)
    else:
        keys = list(SECRET_LABELS)
    stored = list(credential.secrets) if credential is not None and credential.pk else []
    return list(dict.fromkeys([*keys, *stored]))


class CredentialForm(forms.ModelForm):
    """Secrets are write-only: each is a password field that never shows the stored value;
    left empty, the stored value is kept (see `credential_form` for the fields)."""

    class Meta:
        model = SourceCredential
        fields = ("source", "expires_at")

    def save(self, commit: bool = True) -> SourceCredential:
        credential = super().save(commit=False)
        given = {
            name.removeprefix(PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(PREFIX) and value
        }
        if given or not credential.pk:
            kept = {} if isinstance(credential.secrets, UnreadableSecrets) else credential.secrets
            credential.secrets = {**kept, **given}
            credential.updated_at = timezone.now()
        if commit:
            credential.save()
        return credential


def credential_form(credential: SourceCredential | None) -> type[CredentialForm]:
    """CredentialForm with a password field per secret of this credential's channel."""
    stored = credential.secrets if credential is not None else {}
    fields = {
        PREFIX + key: forms.CharField(
            label=SECRET_LABELS.get(key, key),
            required=False,
            max_length=2000,
            widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
            help_text="задан; оставьте пустым, чтобы не менять" if stored.get(key) else "не задан",
        )
        for key in secret_keys(credential)
    }
    return type("CredentialSecretsForm", (CredentialForm,), fields)


@admin.register(SourceCredential)
class SourceCredentialAdmin(admin.ModelAdmin):
    """Secrets are write-only here: neither the list nor the form ever shows them."""

    list_display = ("source", "keys_set", "expires_at", "updated_at")
    readonly_fields = ("keys_set", "updated_at")

    @admin.display(description="заданы")
    def keys_set(self, credential: SourceCredential) -> str:
        if isinstance(credential.secrets, UnreadableSecrets):
            return credential.secrets.error
        names = [SECRET_LABELS.get(key, key) for key, value in credential.secrets.items() if value]
        return ", ".join(names) or "ничего"

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        secrets = [PREFIX + key for key in secret_keys(obj)]
        return ["source", "expires_at", *secrets, "keys_set", "updated_at"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        kwargs["form"] = credential_form(obj)
        return super().get_form(request, obj, change=change, **kwargs)


@admin.action(description="Вернуть в очередь на обработку")
def retry(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    count = retry_failed(payloads=queryset)
    modeladmin.message_user(request, f"Возвращено в очередь: {count}")


@admin.register(InboundPayload)
class InboundPayloadAdmin(admin.ModelAdmin):
    """Append-only: payloads are shown for review and retried, never edited."""

    list_display = ("id", "source", "external_id", "event_type", "status", "received_at", "error")
    list_filter = ("status", "source", "event_type")
    search_fields = ("external_id", "error")
    actions = [retry]
    readonly_fields = [f.name for f in InboundPayload._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
