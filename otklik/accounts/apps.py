from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "otklik.accounts"
    label = "accounts"
    verbose_name = "Сотрудники"
    default_auto_field = "django.db.models.BigAutoField"
