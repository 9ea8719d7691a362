from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """The Mayor's meetings with residents, their questions and protocols, and instructions
    (поручения) tracked to the end."""

    name = "otklik.meetings"
    label = "meetings"
    verbose_name = "Встречи мэра и поручения"
    default_auto_field = "django.db.models.BigAutoField"
