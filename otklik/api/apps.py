from django.apps import AppConfig


class ApiConfig(AppConfig):
    """What others build on: the REST API with its OpenAPI schema, Open311 GeoReport v2,
    personal API tokens and outgoing webhooks."""

    name = "otklik.api"
    label = "api"
    verbose_name = "API и вебхуки"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Outgoing webhooks hear incidents, answers, meetings and plan through their signals.
        from otklik.api.webhooks import receivers

        receivers.connect()
