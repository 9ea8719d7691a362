"""The demo's moderator works through older triaged messages, so that the models page's
«Принято без изменений» has weeks to show: most suggestions accepted as they are, some
corrected (another topic, another department) and some dismissed. Corrections reach the
messages' near-duplicates at once, as in production (otklik.suggestions.actions).

Each incident made is taken up soon after its message came in and worked like the seed's own
(otklik.demo.timeline): replied to, and closed with an answer when its message is old enough.

Runs after the triage step; once (nothing is done when a correction already exists)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from otklik.accounts.models import User
from otklik.cities.models import Category, Department
from otklik.demo import handling, timeline
from otklik.demo.seed import ACCOUNTS, SEED
from otklik.inbox import actions as inbox_actions
from otklik.inbox.models import Message
from otklik.incidents import actions as incident_actions
from otklik.incidents.deadlines import city_calendar
from otklik.incidents.models import Incident
from otklik.suggestions.models import Correction, Suggestion

# Messages younger than this stay in the inbox for the person trying the demo.
KEEP_FOR_THE_USER = timedelta(days=3)
LIMIT = 80  # decisions at most: a few a day over the month of demo messages
#: An incident made of a message older than this is closed by now (but every eighth).
WORKED_OFF = timedelta(days=10)


def demo_step(command: Any) -> None:
    made = decide()
    if made:
        command.stdout.write(f"Решения модератора по подсказкам: {made}")


@transaction.atomic
def decide(now: Any = None) -> int:
    """Decide on the older triaged messages; returns how many messages were decided."""
    if Correction.objects.exists():
        return 0
    now = now or timezone.now()
    moderator = User.objects.get(username=ACCOUNTS[1].username)
    suggestions = list(
        Suggestion.objects.filter(
            message__status=Message.Status.NEW,
            message__created_at__lt=now - KEEP_FOR_THE_USER,
            same_as__isnull=True,
        )
        .select_related("message__territory", "category__parent", "department", "territory")
        .order_by("message__created_at")[:LIMIT]
    )
    _backdate(suggestions)
    others = _alternatives()
    decided, plans = 0, []
    calendar, rng = city_calendar(), random.Random(SEED + 2)
    for n, suggestion in enumerate(suggestions):
        message = Message.objects.get(pk=suggestion.message_id)
        if message.status != Message.Status.NEW:  # a duplicate's correction took it in hand
            continue
        incident = _decide(moderator, message, suggestion, n, others)
        decided += 1
        if incident is not None:
            close = now - message.created_at > WORKED_OFF and n % 8 != 0
            plans.append(timeline.draw(incident, message.created_at, close, now, calendar, rng))
    handling.write(plans, moderator, fresh=True)  # taken up when the message came, and answered
    handling.ratings(plans, now, rng)
    return decided


def _decide(
    moderator: User,
    message: Message,
    suggestion: Suggestion,
    n: int,
    others: tuple[list[Category], list[Department]],
) -> Incident | None:
    if suggestion.actionable < 0.5 or n % 9 == 4:  # «not for us»; every ninth a wrong «обращение»
        inbox_actions.dismiss_messages(moderator, [message])
        return None
    category = (
        suggestion.category if suggestion.category and suggestion.category.parent_id else None
    )
    department = suggestion.department
    categories, departments = others
    if n % 5 == 1 and categories:  # another topic
        category = next((c for c in categories if c != category), category)
        categories.append(categories.pop(0))
    if n % 7 == 3 and departments:  # another department
        department = next((d for d in departments if d != department), department)
        departments.append(departments.pop(0))
    return incident_actions.create_incident(
        moderator,
        [message],
        category=category,
        department=department,
        territory=suggestion.territory or message.territory,
        priority=suggestion.priority,
    )


def _alternatives() -> tuple[list[Category], list[Department]]:
    categories = list(Category.objects.filter(parent__isnull=False).order_by("code"))
    return categories, list(Department.objects.order_by("code"))


def _backdate(suggestions: list[Suggestion]) -> None:
    """Demo realism: the worker suggested a couple of minutes after each message came in (the
    demo triages the month's messages in one go)."""
    for suggestion in suggestions:
        suggestion.created_at = suggestion.message.created_at + timedelta(minutes=2)
    Suggestion.objects.bulk_update(suggestions, ["created_at"])
