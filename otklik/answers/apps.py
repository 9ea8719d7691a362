from django.apps import AppConfig


class AnswersConfig(AppConfig):
    name = "otklik.answers"
    label = "answers"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Ответы"
