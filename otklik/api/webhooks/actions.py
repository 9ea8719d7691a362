"""The only writers of webhook subscriptions and of the delivery queue, but the worker's own
claim-and-record (otklik.api.webhooks.delivery).

`enqueue` is what the receivers call inside the action that caused the event: one INSERT per
subscription that chose the event, no HTTP, so the action is never slowed by a receiver; the
rows commit (or roll back) with the action, and the worker sends them. An event id already
queued for a subscription is not queued again (a replay is one delivery).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from otklik.accounts.models import User
from otklik.api.webhooks.addresses import check_url
from otklik.api.webhooks.events import PING, WebhookEvent
from otklik.api.webhooks.models import WebhookDelivery, WebhookSubscription
from otklik.api.webhooks.signing import new_secret

Data = dict[str, Any]


def _require_admin(actor: User) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.is_admin):
        raise PermissionDenied("Вебхуками управляет только администратор")


@transaction.atomic
def create_subscription(
    actor: User, url: str, events: Iterable[str]
) -> tuple[WebhookSubscription, str]:
    """A new subscription; returns it and its secret, which is shown once."""
    _require_admin(actor)
    wanted = set(events)
    unknown = wanted - set(WebhookEvent.values)
    if unknown:
        raise ValidationError(f"Неизвестные события: {', '.join(sorted(unknown))}")
    chosen = [e for e in WebhookEvent.values if e in wanted]
    if not chosen:
        raise ValidationError("Выберите хотя бы одно событие")
    secret = new_secret()
    subscription = WebhookSubscription.objects.create(
        url=check_url(url), events=chosen, secret={"secret": secret}, created_by=actor
    )
    return subscription, secret


@transaction.atomic
def deactivate(actor: User, subscription: WebhookSubscription) -> bool:
    """Stop sending to it; what is still queued for it fails with the reason. False when it was
    already off."""
    _require_admin(actor)
    now = timezone.now()
    changed = WebhookSubscription.objects.filter(pk=subscription.pk, active=True).update(
        active=False, deactivated_at=now
    )
    WebhookDelivery.objects.filter(
        subscription=subscription, state=WebhookDelivery.State.PENDING
    ).update(state=WebhookDelivery.State.FAILED, error="Подписка отключена", updated_at=now)
    subscription.refresh_from_db()
    return bool(changed)


def enqueue(
    event: str,
    event_id: str,
    build: Callable[[], Data],
    subscriptions: Iterable[WebhookSubscription] | None = None,
) -> int:
    """Queue `event` for every active subscription that chose it (or for `subscriptions`);
    `build` makes the data only when someone is subscribed. Returns how many were queued now."""
    if subscriptions is None:
        active = WebhookSubscription.objects.filter(active=True).only("pk", "events")
        subscriptions = [s for s in active if event in (s.events or [])]
    targets = {s.pk: s for s in subscriptions}
    if not targets:
        return 0
    queued = set(
        WebhookDelivery.objects.filter(event_id=event_id, subscription_id__in=targets).values_list(
            "subscription_id", flat=True
        )
    )
    fresh = [pk for pk in targets if pk not in queued]
    if not fresh:
        return 0
    data, now = build(), timezone.now()
    rows = [
        WebhookDelivery(
            subscription_id=pk,
            event=event,
            event_id=event_id[:100],
            payload=data,
            created_at=now,
            next_attempt_at=now,
            updated_at=now,
        )
        for pk in fresh
    ]
    WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def send_test(actor: User, subscription: WebhookSubscription) -> WebhookDelivery:
    """«Отправить тестовое событие»: a ping for this subscription, sent by the worker."""
    _require_admin(actor)
    if not subscription.active:
        raise ValidationError("Подписка отключена: тестовое событие не отправляется")
    event_id = f"ping:{uuid.uuid4().hex}"
    data = {"message": "Тестовое событие Отклика", "subscription": subscription.pk}
    enqueue(PING, event_id, lambda: data, [subscription])
    return WebhookDelivery.objects.get(subscription=subscription, event_id=event_id)


@transaction.atomic
def retry_delivery(actor: User, delivery: WebhookDelivery) -> None:
    """«Повторить»: a failed delivery goes back to the queue with a fresh count of attempts."""
    _require_admin(actor)
    if not delivery.subscription.active:
        raise ValidationError("Подписка отключена: сначала создайте её заново")
    changed = WebhookDelivery.objects.filter(
        pk=delivery.pk, state=WebhookDelivery.State.FAILED
    ).update(
        state=WebhookDelivery.State.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if not changed:
        raise ValidationError("Повторить можно только недоставленное событие")
    delivery.refresh_from_db()
