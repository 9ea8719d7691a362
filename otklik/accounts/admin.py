from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from otklik.accounts.models import User
from otklik.words import noun


@admin.register(User)
class OtklikUserAdmin(UserAdmin):
    list_display = ("username", "last_name", "first_name", "role", "department", "is_active")
    list_filter = ("role", "department", "approves_for_mayor", "is_active")
    # Rights come from the role, not from Django's groups and permissions (their names are
    # English, «Can add сотрудник»), so the form shows only what Otklik reads.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Личные данные", {"fields": ("last_name", "first_name", "email")}),
        ("Доступ", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Роль в Отклике", {"fields": ("role", "department", "position", "approves_for_mayor")}),
        ("Даты", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("Роль в Отклике", {"fields": ("role", "department")}),
    )


# Roles, not groups, give the rights: a group page would only mislead.
admin.site.unregister(Group)


@admin.action(permissions=["delete"], description="Удалить отмеченные")
def delete_selected(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse | None:
    """Django's action with a Russian count: «Удалено: 3 сотрудника», not «3 сотрудники»."""
    _, _, perms_needed, protected = modeladmin.get_deleted_objects(queryset, request)
    if not request.POST.get("post") or protected:
        return django_delete_selected(modeladmin, request, queryset)  # the confirmation page
    if perms_needed:
        raise PermissionDenied("нет прав удалить связанные записи")
    n = len(queryset)
    if n:
        opts = modeladmin.opts
        forms = noun(opts.label_lower, str(opts.verbose_name), str(opts.verbose_name_plural))
        modeladmin.log_deletions(request, queryset)
        modeladmin.delete_queryset(request, queryset)
        modeladmin.message_user(request, f"Удалено: {forms.count(n)}", messages.SUCCESS)
    return None


admin.site.add_action(delete_selected, "delete_selected")
