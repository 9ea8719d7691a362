from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from otklik.sources.actions import retry_failed
from otklik.sources.models import InboundPayload, Source, SourceCredential


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "kind", "is_active", "is_mayor_page", "last_event_at")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "title")
    readonly_fields = ("cursor", "last_event_at", "last_error", "last_error_at")


@admin.register(SourceCredential)
class SourceCredentialAdmin(admin.ModelAdmin):
    """Secrets are write-only here: the list never shows them."""

    list_display = ("source", "expires_at", "updated_at")


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
