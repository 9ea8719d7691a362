from django.apps import AppConfig


class CitiesConfig(AppConfig):
    name = "otklik.cities"
    label = "cities"
    verbose_name = "Справочники города"
    default_auto_field = "django.db.models.BigAutoField"
