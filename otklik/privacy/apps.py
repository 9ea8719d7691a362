from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Residents' personal data (152-ФЗ): retention with acts of destruction, and the audit of
    exports that carry personal data."""

    name = "otklik.privacy"
    label = "privacy"
    verbose_name = "Персональные данные"
    default_auto_field = "django.db.models.BigAutoField"
