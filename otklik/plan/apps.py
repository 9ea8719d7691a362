from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "otklik.plan"
    label = "plan"
    verbose_name = "План публикаций"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The city file's campaigns: cities loads them through its section hook.
        from otklik.plan import campaigns

        campaigns.register()
