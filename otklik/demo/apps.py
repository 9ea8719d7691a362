from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data set: a realistic month of residents' messages for the first city."""

    name = "otklik.demo"
    label = "demo"
