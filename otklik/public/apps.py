from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The residents' front door: the web form «Сообщить о проблеме» and the status page."""

    name = "otklik.public"
    label = "public"
