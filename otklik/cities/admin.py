from django.contrib import admin

from otklik.cities.models import Category, Department, Landmark, Street, Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "latitude", "longitude")
    list_filter = ("kind",)
    search_fields = ("name", "code", "aliases", "description")
    list_select_related = ("parent",)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "code", "parent", "territory", "phone", "is_active")
    list_filter = ("is_active", "territory")
    search_fields = ("name", "short_name", "code", "email", "description")
    list_select_related = ("parent", "territory")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "parent",
        "default_department",
        "first_reply_hours",
        "final_answer_days",
        "is_active",
    )
    list_filter = ("is_active", ("parent", admin.RelatedOnlyFieldListFilter), "default_department")
    search_fields = ("name", "code", "description", "keywords")
    list_select_related = ("parent", "default_department")
    # otklik.incidents.admin re-registers Category with its deadline presets inline.


@admin.register(Street)
class StreetAdmin(admin.ModelAdmin):
    list_display = ("name", "street_type", "territory")
    list_filter = ("street_type", "territory")
    search_fields = ("name", "aliases")
    list_select_related = ("territory",)


@admin.register(Landmark)
class LandmarkAdmin(admin.ModelAdmin):
    list_display = ("name", "territory", "address")
    list_filter = ("territory",)
    search_fields = ("name", "aliases", "address")
    list_select_related = ("territory",)
