from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """What the administration looks at: dashboards, the regional rating's metrics, spike
    alerts, the map and the reports."""

    name = "otklik.analytics"
    label = "analytics"
    verbose_name = "Аналитика"
    default_auto_field = "django.db.models.BigAutoField"
