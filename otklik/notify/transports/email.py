"""E-mail through Django's mail backend (OTKLIK_EMAIL_* settings; locmem in tests)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from otklik.notify.models import Notification


def send(notification: Notification) -> None:
    send_mail(
        notification.subject,
        notification.text,
        settings.DEFAULT_FROM_EMAIL,
        [notification.address],
        fail_silently=False,
    )
