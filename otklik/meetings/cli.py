"""What the `meeting` and `instruction` commands share: the actor, times, errors."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone

from otklik.accounts.models import Role, User


def actor_for(login: str | None) -> User:
    """The named staff member, else the first active administrator or moderator."""
    if login:
        user = User.objects.filter(username=login, is_active=True).first()
        if user is None:
            raise CommandError(f"Нет сотрудника с логином {login!r}")
        return user
    user = (
        User.objects.filter(role__in=[Role.ADMIN, Role.MODERATOR], is_active=True)
        .order_by("pk")
        .first()
    )
    if user is None:
        raise CommandError(
            "Нет ни одного сотрудника пресс-службы: создайте его (otklik createuser)"
        )
    return user


def parse_time(value: str) -> datetime:
    """ISO 8601 or ДД.ММ.ГГГГ ЧЧ:ММ; without an offset, the city's time."""
    value = value.strip()
    try:
        moment = datetime.strptime(value, "%d.%m.%Y %H:%M")  # noqa: DTZ007 (zone below)
    except ValueError:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise CommandError(
                f"Время {value!r} не распознано: ISO 8601 или ДД.ММ.ГГГГ ЧЧ:ММ"
            ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    return moment


def local_iso(moment: datetime) -> str:
    """ISO 8601 with the city's offset: 2026-12-04T18:00:00+07:00."""
    return timezone.localtime(moment).isoformat()


def errors_of(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc)
