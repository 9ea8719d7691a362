from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from otklik.answers.models import Answer, AnswerRating, AnswerTemplate, Publication


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "category", "is_active")
    list_filter = ("is_active", "category")
    search_fields = ("title", "body")
    list_select_related = ("category", "category__parent")


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    """Read-only here: changes go through the incident card, so every one is an Event."""

    list_display = ("id", "incident", "kind", "status", "author", "updated_at")
    list_filter = ("kind", "status")
    list_select_related = ("incident", "author")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "answer",
        "kind",
        "source",
        "status",
        "attempts",
        "external_id",
        "sent_at",
    )
    list_filter = ("kind", "status", "source")
    list_select_related = ("answer", "source")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(AnswerRating)
class AnswerRatingAdmin(admin.ModelAdmin):
    """Read from residents' replies by the worker; not edited by hand."""

    list_display = ("id", "incident", "department", "solved", "score", "created_at")
    list_filter = ("solved", "department")
    list_select_related = ("incident", "department")
    raw_id_fields = ("incident", "message")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
