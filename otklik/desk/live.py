"""What the signed-in user's open page should learn without a reload (GET /live/).

The page's first request takes the cursors (the newest message's and event's numbers); each
later one counts only rows past them, by primary key, so nothing scans the whole table:
  inbox      new messages in the inbox (status «new»), for those who see the inbox;
  assigned   incidents assigned to me since the page loaded, for executors;
  approvals  answers waiting for approval (the menu's counter), for the press service.
"""

from __future__ import annotations

from dataclasses import dataclass

from otklik.accounts.models import User
from otklik.accounts.permissions import can_see_inbox, can_triage, scope_messages
from otklik.answers.queries import approval_count
from otklik.inbox.models import Message
from otklik.incidents.models import Event

#: How often live.js asks, in seconds; tests make it shorter.
POLL_SECONDS = 15


@dataclass(frozen=True)
class Cursors:
    message: int
    event: int

    @classmethod
    def now(cls) -> Cursors:
        return cls(message=_newest(Message), event=_newest(Event))


def _newest(model: type[Message] | type[Event]) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def new_messages(user: User, after: int) -> int:
    if not can_see_inbox(user):
        return 0
    qs = scope_messages(user, Message.objects.filter(pk__gt=after))
    return qs.filter(status=Message.Status.NEW).count()


def new_assignments(user: User, after: int) -> int:
    if not user.is_executor:
        return 0
    events = Event.objects.filter(
        pk__gt=after, kind=Event.Kind.ASSIGNED, incident__assignee_id=user.pk
    )
    return events.values("incident_id").distinct().count()


def counts(user: User, cursors: Cursors) -> dict[str, int | None]:
    """The figures for the title and the menu; approvals is None for those without the queue."""
    return {
        "inbox": new_messages(user, cursors.message),
        "assigned": new_assignments(user, cursors.event),
        "approvals": approval_count(user) if can_triage(user) else None,
    }
