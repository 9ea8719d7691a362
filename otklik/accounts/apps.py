from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "otklik.accounts"
    label = "accounts"
    verbose_name = "Сотрудники"
    default_auto_field = "django.db.models.BigAutoField"
    default = True  # the module also holds axes' config, below

    def ready(self) -> None:
        from otklik.accounts import signin

        signin.connect()  # the audit lines of sign-in, failures and lock-outs


class SignInThrottleConfig(AxesAppConfig):
    """django-axes (sign-in throttling) under a Russian name; its pages stay out of the admin
    (AXES_ENABLE_ADMIN is off): lock-outs are in the audit log and end on their own."""

    verbose_name = "Блокировки входа"
    default = False
