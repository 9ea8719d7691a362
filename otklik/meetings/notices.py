"""Staff notices about instructions, on each person's notification channels (otklik.notify).

notify's outbox (Notification) is tied to an incident and has no kinds for instructions, so
until it offers a notice of its own kind, a reminder goes out here through the same channels
(`channels_for`) and the same transports, synchronously, from the worker. Each reminder is sent
once: the caller claims it first with a conditional UPDATE of the instruction; a transport that
fails is logged and not retried.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from otklik.accounts.models import User
from otklik.meetings.models import Instruction
from otklik.notify.actions import channels_for, executors_of, press_service
from otklik.notify.models import Notification
from otklik.notify.transports import transport_for

log = logging.getLogger(__name__)

WARNING_KIND = Notification.Kind.DEADLINE_WARNING
OVERDUE_KIND = Notification.Kind.OVERDUE


def instruction_url(instruction: Instruction) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("instruction-detail", args=[instruction.pk])


def local(moment: object) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")  # type: ignore[arg-type]


def responsible(instruction: Instruction) -> list[User]:
    """The responsible person, else the department's executors, else the press service."""
    person = instruction.responsible
    if person is not None and person.is_active:
        return [person]
    return executors_of(instruction.department) or press_service()


def warning_text(instruction: Instruction) -> tuple[str, str]:
    subject = f"Завтра срок поручения {instruction.number}"
    return subject, _body(instruction, f"Срок исполнения истекает {local(instruction.deadline)}.")


def overdue_text(instruction: Instruction) -> tuple[str, str]:
    subject = f"Просрочено поручение {instruction.number}"
    return subject, _body(instruction, f"Срок исполнения истёк {local(instruction.deadline)}.")


def _body(instruction: Instruction, line: str) -> str:
    return "\n".join(
        [
            f"Поручение {instruction.number}: «{instruction.text[:300]}».",
            f"Подразделение: {instruction.department}.",
            line,
            f"Открыть: {instruction_url(instruction)}",
        ]
    )


def send(users: Iterable[User], kind: str, subject: str, text: str) -> int:
    """Send to every channel of every user (those who muted `kind` are skipped); how many went."""
    sent = 0
    for user in {u.pk: u for u in users if u.is_active}.values():
        for channel, address in channels_for(user, kind):
            notice = Notification(
                user=user, kind=kind, channel=channel, address=address, subject=subject, text=text
            )
            try:
                transport_for(channel)(notice)
            except Exception as exc:
                log.warning("instruction notice to user %s by %s failed: %s", user.pk, channel, exc)
                continue
            sent += 1
    return sent
