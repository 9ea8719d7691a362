from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from otklik.notify.models import Escalation, Notification, NotificationPreference


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "channel", "address", "enabled", "is_department_head"]
    list_filter = ["channel", "enabled", "is_department_head"]
    search_fields = ["user__username", "user__last_name", "address"]
    raw_id_fields = ["user"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "user", "channel", "incident", "status", "attempts"]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["user__username", "address", "subject", "dedupe_key"]
    list_select_related = ["user", "incident"]
    raw_id_fields = ["user", "incident"]
    readonly_fields = ["dedupe_key", "claimed_at", "sent_at", "attempts", "error", "created_at"]
    actions = ["retry"]

    @admin.action(description="Отправить повторно")
    def retry(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        count = queryset.exclude(status=Notification.Status.SENT).update(
            status=Notification.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        self.message_user(request, f"Поставлено в очередь: {count}")


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "incident", "clock", "level", "due"]
    list_filter = ["clock", "level"]
    list_select_related = ["incident"]
    raw_id_fields = ["incident"]
