from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    """Triage in the product: suggestions per message, model versions, moderators' corrections."""

    name = "otklik.suggestions"
    label = "suggestions"
    verbose_name = "Автоматический разбор"

    def ready(self) -> None:
        # Moderators' decisions reach the training data through signals of the apps below.
        from otklik.suggestions import receivers

        receivers.connect()
