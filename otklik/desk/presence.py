"""Who else has this card open: fresh heartbeats only, named «Иванова И.»."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from otklik.accounts.models import User
from otklik.desk.models import Presence

#: A heartbeat counts for this long; live.js sends one every poll (15 s by default).
FRESH_SECONDS = 60


def short_name(user: User) -> str:
    """«Иванова И.»: the surname and the first name's initial; the login without a name."""
    last, first = user.last_name.strip(), user.first_name.strip()
    if last and first:
        return f"{last} {first[0]}."
    return last or first or user.username


def others_here(user: User, kind: str, object_id: int) -> list[str]:
    """The other staff members whose heartbeat for this card is fresh, by name."""
    fresh = timezone.now() - timedelta(seconds=FRESH_SECONDS)
    rows = (
        Presence.objects.filter(kind=kind, object_id=object_id, last_seen__gte=fresh)
        .exclude(user=user)
        .select_related("user")
        .order_by("user__last_name", "user_id")
    )
    return [short_name(row.user) for row in rows]
