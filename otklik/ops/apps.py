from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: the web server, the demo, benchmarks."""

    name = "otklik.ops"
    label = "ops"
