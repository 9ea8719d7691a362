from django.contrib import admin

from otklik.plan.models import Campaign


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    """Campaigns are reference data (like the city's): edited here as well as loaded."""

    list_display = ("title", "slug", "kind", "starts_on", "ends_on")
    search_fields = ("title", "slug")
    filter_horizontal = ("territories", "responsible")
