from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "otklik.incidents"
    label = "incidents"
    verbose_name = "Инциденты"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The city file's deadline presets: cities loads them through its section hook.
        from otklik.incidents import presets

        presets.register()
