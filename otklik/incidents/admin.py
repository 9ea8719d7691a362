from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from otklik.cities.admin import CategoryAdmin
from otklik.cities.models import Category
from otklik.incidents.models import DeadlinePreset, Event, Incident


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


@admin.register(DeadlinePreset)
class DeadlinePresetAdmin(admin.ModelAdmin):
    """The rules for the two clocks; a change applies to incidents created or re-categorised
    afterwards (the stored deadlines of existing incidents stay as they were)."""

    list_display = (
        "category",
        "priority",
        "first_reply_hours",
        "first_reply_in_working_time",
        "final_answer_days",
        "final_in_working_days",
    )
    list_filter = ("priority", ("category", admin.RelatedOnlyFieldListFilter))
    search_fields = ("category__name", "category__code", "note")
    list_select_related = ("category", "category__parent")
    autocomplete_fields = ("category",)


class DeadlinePresetInline(admin.TabularInline):
    """This category's own rules for the two clocks (the shared ones: «Нормативы сроков»)."""

    model = DeadlinePreset
    extra = 0
    fields = (
        "priority",
        "first_reply_hours",
        "first_reply_in_working_time",
        "final_answer_days",
        "final_in_working_days",
        "note",
    )


class CategoryWithPresetsAdmin(CategoryAdmin):
    """cities' category admin plus the category's deadline presets: cities imports no incidents."""

    inlines = (*CategoryAdmin.inlines, DeadlinePresetInline)


admin.site.unregister(Category)
admin.site.register(Category, CategoryWithPresetsAdmin)
