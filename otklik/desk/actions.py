"""The desk's writers: presence heartbeats and the lists' saved views."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from otklik.accounts.models import User
from otklik.desk.models import Presence, SavedView

#: A presence row older than this is deleted by the worker (reads ignore it after a minute).
KEEP_PRESENCE = timedelta(minutes=10)
MAX_VIEWS = 30


def touch_presence(user: User, kind: str, object_id: int) -> None:
    """The user has the card open now: one row per user and card, its time moved on."""
    now = timezone.now()
    updated = Presence.objects.filter(user=user, kind=kind, object_id=object_id).update(
        last_seen=now
    )
    if not updated:
        Presence.objects.get_or_create(
            user=user, kind=kind, object_id=object_id, defaults={"last_seen": now}
        )


def leave_presence(user: User, kind: str, object_id: int) -> None:
    """The card was closed (the page sent its goodbye)."""
    Presence.objects.filter(user=user, kind=kind, object_id=object_id).delete()


def expire_presence(batch: int) -> int:
    """The worker's task: delete heartbeats nobody has renewed for KEEP_PRESENCE."""
    cutoff = timezone.now() - KEEP_PRESENCE
    ids = list(Presence.objects.filter(last_seen__lt=cutoff).values_list("pk", flat=True)[:batch])
    if not ids:
        return 0
    deleted, _ = Presence.objects.filter(pk__in=ids).delete()
    return deleted


def _clean_name(name: str) -> str:
    name = " ".join(name.split())[:60]
    if not name:
        raise ValidationError("Укажите название вида")
    return name


def save_view(user: User, list_name: str, name: str, query: str, shared: bool) -> SavedView:
    """Save the list's current filters under a name; shared: the user's department sees it."""
    if list_name not in SavedView.List.values:
        raise ValidationError("Неизвестный список")
    if shared and user.department_id is None:
        raise ValidationError("Поделиться видом можно только с подразделением, а вы ни в одном")
    if SavedView.objects.filter(owner=user).count() >= MAX_VIEWS:
        raise ValidationError(f"Сохранить можно не более {MAX_VIEWS} видов; удалите ненужные")
    return SavedView.objects.create(
        owner=user,
        list_name=list_name,
        name=_clean_name(name),
        query=query.lstrip("?")[:1000],
        department_id=user.department_id if shared else None,
    )


def _own(user: User, view: SavedView) -> None:
    if view.owner_id != user.pk:
        raise PermissionDenied("Изменить вид может только тот, кто его сохранил")


def rename_view(user: User, view: SavedView, name: str) -> None:
    _own(user, view)
    view.name = _clean_name(name)
    view.save(update_fields=["name"])


def delete_view(user: User, view: SavedView) -> None:
    _own(user, view)
    view.delete()
