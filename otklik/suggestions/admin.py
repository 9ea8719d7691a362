from __future__ import annotations

from django.contrib import admin

from otklik.suggestions.models import Correction, ModelVersion, Suggestion, TriageSettings


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin):
    list_display = ("version", "created_at", "trained_on", "is_active", "note")
    readonly_fields = ("version", "path", "created_at", "trained_on", "card", "holdout")


@admin.register(TriageSettings)
class TriageSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "auto_route", "min_actionable", "retrain_min_new_examples")


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ("message", "category", "department", "priority", "toxic", "confident")
    list_filter = ("priority", "toxic", "confident")
    list_select_related = ("message", "category", "department")
    raw_id_fields = ("message", "same_as")


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ("message", "field", "suggested", "chosen", "user", "created_at")
    list_filter = ("field",)
    raw_id_fields = ("message",)
