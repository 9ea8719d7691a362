from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    """Triage in the product: suggestions per message, model versions, moderators' corrections."""

    name = "otklik.suggestions"
    label = "suggestions"
