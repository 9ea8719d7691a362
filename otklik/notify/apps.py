from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "otklik.notify"
    label = "notify"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Уведомления сотрудникам"

    def ready(self) -> None:
        # Incidents announce assignments and reopenings through otklik.incidents.signals.
        from otklik.notify import receivers

        receivers.connect()
