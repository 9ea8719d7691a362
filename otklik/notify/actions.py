"""The only writers of notifications: queue them (`notify`) and send them (`send_pending`).

`send_pending` is a worker task (registered in otklik.notify.tasks): it claims due rows with a
conditional UPDATE, so any number of workers send each notification once; a failed send is
retried with a doubling delay, and after MAX_ATTEMPTS it stays failed with its error, visible in
the admin.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from otklik.accounts.models import Role, User
from otklik.cities.models import Department
from otklik.incidents.models import Event, Incident
from otklik.notify.models import Channel, Escalation, Notification, NotificationPreference
from otklik.notify.texts import render
from otklik.notify.transports import transport_for

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_DELAY = timedelta(minutes=1)  # doubles with every failed attempt: 1, 2, 4, 8 minutes
STALE_CLAIM = timedelta(minutes=10)  # a claim older than this belonged to a crashed worker
HEAD_WORDS = ("начальник", "руководитель")


def channels_for(user: User, kind: str = "") -> list[tuple[str, str]]:
    """(channel, address) pairs the user receives (for `kind`, when given): their enabled
    preferences that do not mute the kind, plus e-mail at User.email unless they have an e-mail
    row (enabled or not)."""
    pairs: list[tuple[str, str]] = []
    has_email_row = False
    for pref in NotificationPreference.objects.filter(user=user).order_by("channel"):
        if pref.channel == Channel.EMAIL:
            has_email_row = True
        address = pref.address or (user.email if pref.channel == Channel.EMAIL else "")
        if pref.enabled and address and kind not in (pref.muted_kinds or []):
            pairs.append((pref.channel, address))
    if not has_email_row and user.email:
        pairs.append((Channel.EMAIL, user.email))
    return pairs


def notify(
    user: User,
    kind: str,
    incident: Incident,
    dedupe_key: str,
    *,
    detail: str = "",
    now: datetime | None = None,
) -> list[Notification]:
    """Queue one notification per channel of `user`; a key already queued is not queued again.

    Returns the notifications created now (none when all were queued before)."""
    subject, text = render(kind, incident, detail)
    return _queue(user, kind, dedupe_key, subject, text, incident=incident, now=now)


def notify_user(
    user: User,
    kind: str,
    dedupe_key: str,
    *,
    subject: str,
    text: str,
    now: datetime | None = None,
) -> list[Notification]:
    """A notification that belongs to no incident (an instruction's deadline, say), queued and
    retried like the others; the caller writes its subject and text."""
    return _queue(user, kind, dedupe_key, subject, text, incident=None, now=now)


def _queue(
    user: User,
    kind: str,
    dedupe_key: str,
    subject: str,
    text: str,
    *,
    incident: Incident | None,
    now: datetime | None,
) -> list[Notification]:
    if not user.is_active:
        return []
    now = now or timezone.now()
    created: list[Notification] = []
    for channel, address in channels_for(user, kind):
        notification, is_new = Notification.objects.get_or_create(
            dedupe_key=f"{dedupe_key}:u{user.pk}:{channel}"[:255],
            defaults={
                "user": user,
                "kind": kind,
                "incident": incident,
                "channel": channel,
                "address": address,
                "subject": subject[:300],
                "text": text,
                "created_at": now,
                "next_attempt_at": now,
            },
        )
        if is_new:
            created.append(notification)
    return created


def notify_all(
    users: Iterable[User],
    kind: str,
    incident: Incident,
    dedupe_key: str,
    *,
    detail: str = "",
    now: datetime | None = None,
) -> list[Notification]:
    created: list[Notification] = []
    for user in users:
        created += notify(user, kind, incident, dedupe_key, detail=detail, now=now)
    return created


@transaction.atomic
def save_preferences(user: User, choices: dict[str, dict[str, Any]]) -> None:
    """«Мои уведомления»: per channel {"enabled", "address", "kinds"} (the kinds to receive)."""
    for channel in Channel.values:
        choice = choices.get(channel)
        if choice is None:
            continue
        kinds = set(choice.get("kinds", []))
        muted = [k for k in Notification.Kind.values if k not in kinds]
        NotificationPreference.objects.update_or_create(
            user=user,
            channel=channel,
            defaults={
                "enabled": bool(choice.get("enabled")),
                "address": (choice.get("address") or "").strip(),
                "muted_kinds": muted,
            },
        )


# Recipients


def executors_of(department: Department | None) -> list[User]:
    if department is None:
        return []
    return list(
        User.objects.filter(department=department, role=Role.EXECUTOR, is_active=True).order_by(
            "id"
        )
    )


def department_heads(department: Department | None) -> list[User]:
    """Staff of the department whose position says «начальник»/«руководитель» (compared in
    Python: SQLite folds only ASCII case) or who are marked as heads in their preferences."""
    if department is None:
        return []
    marked = set(
        NotificationPreference.objects.filter(
            user__department=department, is_department_head=True
        ).values_list("user_id", flat=True)
    )
    staff = User.objects.filter(department=department, is_active=True).order_by("id")
    return [
        user
        for user in staff
        if user.pk in marked or any(word in user.position.lower() for word in HEAD_WORDS)
    ]


def press_service() -> list[User]:
    return list(User.objects.filter(role=Role.MODERATOR, is_active=True).order_by("id"))


def responsible_for(incident: Incident) -> list[User]:
    """Who works on the incident: its assignee, else its department's executors, else the press
    service (an incident not yet routed is the press service's)."""
    if incident.assignee is not None and incident.assignee.is_active:
        return [incident.assignee]
    return executors_of(incident.department) or press_service()


# Hooks for the incident workflow


def on_assigned(incident: Incident, now: datetime | None = None) -> list[Notification]:
    """Tell the new assignee (or, routed to a department only, its executors). Call it after the
    assignment's Event is recorded: the key is that event, so a repeated call sends nothing and a
    later re-assignment notifies again."""
    event = (
        Event.objects.filter(incident=incident, kind=Event.Kind.ASSIGNED).order_by("-id").first()
    )
    key = f"assignment:{incident.pk}:{event.pk if event else 0}"
    users = [incident.assignee] if incident.assignee else executors_of(incident.department)
    return notify_all(users, Notification.Kind.ASSIGNMENT, incident, key, now=now)


def on_returned(
    incident: Incident, comment: str = "", key: str = "", now: datetime | None = None
) -> list[Notification]:
    """Tell the executors that the press service returned their answer; `key` names the return
    (e.g. the Event's id) so that one return is told once."""
    detail = f"Комментарий пресс-службы: {comment}" if comment else ""
    key = key or f"returned:{incident.pk}:{(now or timezone.now()).isoformat()}"
    users = responsible_for(incident)
    return notify_all(users, Notification.Kind.RETURNED, incident, key, detail=detail, now=now)


def on_reopened(incident: Incident, key: str, detail: str = "") -> list[Notification]:
    """Tell who works on the incident that the resident says it is not solved; `key` names the
    reopening (its Event), so one reopening is told once."""
    users = responsible_for(incident)
    return notify_all(users, Notification.Kind.REOPENED, incident, key, detail=detail)


# Deadlines (otklik.notify.sla)


def claim_escalation(
    incident: Incident, clock: str, level: int, due: datetime, now: datetime
) -> Escalation:
    """Record one step of a clock's escalation; the row is the claim, unique per (incident, clock,
    level): a step someone already took raises IntegrityError (call it in a savepoint).

    After the incident was reopened (`Incident.reopened_at`), a step taken before that moment
    is re-armed: its row moves to the new deadline by a conditional UPDATE, which one worker
    wins (the others raise IntegrityError as for a step already taken)."""
    reopened = getattr(incident, "reopened_at", None)
    if reopened is not None:
        old = Escalation.objects.filter(
            incident=incident, clock=clock, level=level, created_at__lt=reopened
        ).first()
        if old is not None:
            moved = Escalation.objects.filter(pk=old.pk, created_at=old.created_at).update(
                due=due, created_at=now
            )
            if not moved:
                raise IntegrityError("escalation step already re-armed by another worker")
            old.refresh_from_db()
            return old
    return Escalation.objects.create(
        incident=incident, clock=clock, level=level, due=due, created_at=now
    )


# Sending


def claim_notifications(limit: int, now: datetime | None = None) -> list[Notification]:
    """Claim due notifications (and stale claims of a crashed worker): one winner per row."""
    now = now or timezone.now()
    ready = Q(status=Notification.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Notification.Status.SENDING, claimed_at__lt=now - STALE_CLAIM
    )
    candidates = list(
        Notification.objects.filter(ready, attempts__lt=MAX_ATTEMPTS)
        .order_by("next_attempt_at", "id")
        .values_list("id", "status", "claimed_at")[:limit]
    )
    claimed: list[int] = []
    for pk, status, claimed_at in candidates:
        won = Notification.objects.filter(pk=pk, status=status, claimed_at=claimed_at).update(
            status=Notification.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        if won:
            claimed.append(pk)
    return list(
        Notification.objects.filter(pk__in=claimed).select_related("incident").order_by("id")
    )


def deliver(notification: Notification, now: datetime | None = None) -> bool:
    """Send one claimed notification; on failure schedule a retry or give up. True if sent."""
    now = now or timezone.now()
    mine = Notification.objects.filter(
        pk=notification.pk, status=Notification.Status.SENDING, claimed_at=notification.claimed_at
    )
    try:
        transport_for(notification.channel)(notification)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        log.warning(
            "notification %s failed (attempt %s): %s", notification.pk, notification.attempts, error
        )
        if notification.attempts >= MAX_ATTEMPTS:
            mine.update(status=Notification.Status.FAILED, error=error)
        else:
            delay = RETRY_DELAY * 2 ** (notification.attempts - 1)
            mine.update(
                status=Notification.Status.PENDING, next_attempt_at=now + delay, error=error
            )
        return False
    mine.update(status=Notification.Status.SENT, sent_at=now, error="")
    return True


def send_pending(batch: int = 100, now: datetime | None = None) -> int:
    """Worker task: send what is due; returns how many notifications were handled."""
    claimed = claim_notifications(batch, now)
    for notification in claimed:
        deliver(notification, now)
    return len(claimed)


def retry_failed(now: datetime | None = None) -> int:
    """Put failed notifications back in the queue (e.g. after a bot token is configured)."""
    return Notification.objects.filter(status=Notification.Status.FAILED).update(
        status=Notification.Status.PENDING, attempts=0, next_attempt_at=now or timezone.now()
    )


def depersonalise_notifications(incident_ids: Sequence[int], mask: Callable[[str], str]) -> int:
    """Retention (otklik.privacy): staff notifications about these incidents quote the
    residents; their subjects and texts are masked by `mask`. Idempotent."""
    rows = list(
        Notification.objects.filter(incident_id__in=incident_ids).only("id", "subject", "text")
    )
    for row in rows:
        row.subject = mask(row.subject)[:300]
        row.text = mask(row.text)
    Notification.objects.bulk_update(rows, ["subject", "text"], batch_size=500)
    return len(rows)
