from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "otklik.inbox"
    label = "inbox"
    verbose_name = "Входящие сообщения"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from otklik.inbox.actions import message_store
        from otklik.sources.store import register_store

        # Intake (below us) hands its records to the inbox's writers through this hook.
        register_store(message_store())
