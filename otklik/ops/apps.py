from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class OpsConfig(AppConfig):
    """Operations: the worker, the web server, benchmarks: wiring that belongs to no single app."""

    name = "otklik.ops"
    label = "ops"

    def ready(self) -> None:
        # Each app's `tasks` module registers its periodic tasks with otklik.periodic.
        autodiscover_modules("tasks")
