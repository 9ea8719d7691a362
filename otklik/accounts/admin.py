from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from otklik.accounts.models import User


@admin.register(User)
class OtklikUserAdmin(UserAdmin):
    list_display = ("username", "last_name", "first_name", "role", "department", "is_active")
    list_filter = ("role", "department", "approves_for_mayor", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            "Роль в Отклике",
            {"fields": ("role", "department", "position", "approves_for_mayor")},
        ),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("Роль в Отклике", {"fields": ("role", "department")}),
    )
