from django.apps import AppConfig


class AnswersConfig(AppConfig):
    name = "otklik.answers"
    label = "answers"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Ответы"

    def ready(self) -> None:
        # The «Ответ» panel of the incident card: incidents renders what is registered with it.
        from otklik.answers.views import answer_panel_context
        from otklik.incidents import panels

        panels.register("answers/_panel.html", answer_panel_context)
