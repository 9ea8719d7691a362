"""The demo's year: the ten months of handled incidents before the corpus (otklik.demo.history).

A step of `otklik demo` after the triage step, so the first model is trained and measured on the
corpus alone: the history's reports are copies of corpus messages, and a copy on either side of
the model's hold-out would flatter its figures. Before the rollups step, which counts it.

Each problem becomes an incident through the incidents' own action (its clocks from the first
report, its category's department), nearly all closed with a first reply and a final answer at
the moments otklik.demo.timeline draws (most on time on the city's working calendar, some late),
a few long ones still in work; some residents reply with a verdict (otklik.demo.handling).

Idempotent: the reports have stable ids (stored once), and once one of them is in an incident
the year is there and nothing is made again.
"""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from otklik.accounts.models import User
from otklik.cities.models import Category
from otklik.demo import handling, history, timeline
from otklik.demo.seed import corpus_rows, ensure_sources, import_corpus, shift_to_now
from otklik.inbox.actions import dismiss_messages
from otklik.inbox.models import Message
from otklik.incidents import actions as incident_actions
from otklik.incidents.deadlines import city_calendar
from otklik.incidents.states import Priority

PRESS = "press"


def demo_step(command: Any) -> None:
    made = seed_year()
    if made:
        command.stdout.write(f"История за год: инцидентов {made}")


@transaction.atomic
def seed_year() -> int:
    """The year before the corpus, once; how many incidents it made."""
    if Message.objects.filter(external_id__contains=history.MARK, incident__isnull=False).exists():
        return 0
    corpus = shift_to_now(corpus_rows(), timezone.now())
    problems = history.history_problems(corpus)
    chatter = history.history_chatter(corpus)
    import_corpus(history.history_rows(problems) + chatter, ensure_sources())
    press = User.objects.get(username=PRESS)
    ids = [r["external_id"] for r in chatter]
    dismiss_messages(press, Message.objects.filter(external_id__in=ids, status=Message.Status.NEW))
    return create_history(problems, press)


def create_history(problems: list[history.Problem], moderator: User) -> int:
    categories = {
        c.code: c for c in Category.objects.select_related("parent", "default_department")
    }
    ids = [i for group in history.problem_ids(problems) for i in group]
    stored = {m.external_id: m for m in Message.objects.filter(external_id__in=ids)}
    now = timezone.now()
    calendar, rng = city_calendar(), random.Random(history.SEED + 1)
    plans: list[timeline.Plan] = []
    for problem in problems:
        found = [stored[r["external_id"]] for r in problem.rows if r["external_id"] in stored]
        if not found:
            continue
        head = problem.rows[0]
        incident = incident_actions.create_incident(
            moderator,
            found,
            category=categories.get(head.get("category", "")),
            priority=Priority.CRITICAL if head.get("urgent") else Priority.NORMAL,
        )
        close = rng.random() > history.STILL_OPEN
        plans.append(timeline.draw(incident, found[0].created_at, close, now, calendar, rng))
    handling.write(plans, moderator, fresh=True)
    handling.ratings(plans, now, rng)
    return len(plans)
