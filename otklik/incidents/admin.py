from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from otklik.incidents.models import Event, Incident


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    """Read-only here: changes go through the operator UI, so every one is an Event."""

    list_display = ("id", "title", "status", "priority", "department", "final_answer_due")
    list_filter = ("status", "priority", "department")
    search_fields = ("title", "address_text")
    list_select_related = ("department",)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("id", "incident", "kind", "actor", "created_at")
    list_filter = ("kind",)
    list_select_related = ("incident", "actor")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
