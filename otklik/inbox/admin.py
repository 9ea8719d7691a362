from __future__ import annotations

from django.contrib import admin

from otklik.inbox.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("id", "source", "kind", "created_at", "status", "incident")
    list_filter = ("status", "kind", "source")
    search_fields = ("external_id", "search_text")
    list_select_related = ("source", "incident")
    raw_id_fields = ("author", "thread", "payload", "incident", "handled_by")
    readonly_fields = ("search_text",)
