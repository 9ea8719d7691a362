from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "otklik.sources"
    label = "sources"
    verbose_name = "Каналы"
    default_auto_field = "django.db.models.BigAutoField"
