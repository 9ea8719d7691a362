from django.apps import AppConfig


class PollsConfig(AppConfig):
    """Polls in our channels and on our own page, and residents' initiatives."""

    name = "otklik.polls"
    label = "polls"
    verbose_name = "Опросы и инициативы"
    default_auto_field = "django.db.models.BigAutoField"
