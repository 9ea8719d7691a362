"""The admin: read-only views of meetings and instructions; changes go through the pages, so
every one is recorded."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from otklik.meetings.models import Instruction, InstructionEvent, Meeting, Question


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ("id", "starts_at", "territory", "place", "state")
    list_filter = ("state", "territory")
    list_select_related = ("territory",)


@admin.register(Question)
class QuestionAdmin(ReadOnly):
    list_display = ("id", "meeting", "topic", "asked", "state")
    list_filter = ("asked", "state")
    list_select_related = ("meeting",)


@admin.register(Instruction)
class InstructionAdmin(ReadOnly):
    list_display = ("number", "department", "responsible", "deadline", "state")
    list_filter = ("state", "department")
    search_fields = ("number", "text")
    list_select_related = ("department", "responsible")


@admin.register(InstructionEvent)
class InstructionEventAdmin(ReadOnly):
    list_display = ("id", "instruction", "kind", "actor", "created_at")
    list_filter = ("kind",)
    list_select_related = ("instruction", "actor")

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
