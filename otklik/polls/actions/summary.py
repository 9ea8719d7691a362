"""«Сделать пост с итогами»: a draft of the content plan with the poll's results, through
otklik.plan.actions.create_post (the plan approves and publishes it as any other post)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from otklik.accounts.models import User
from otklik.plan.actions import PUBLISHABLE, create_post
from otklik.plan.models import Post
from otklik.polls.actions.polls import require_manage
from otklik.polls.models import Poll
from otklik.polls.results import results
from otklik.sources.models import Source

#: The draft's time: an hour from now, for the press service to read and move.
LEAD = timedelta(hours=1)


def results_text(poll: Poll) -> str:
    result = results(poll)
    total = result.total
    lines = [f"Итоги опроса «{poll.question}»", ""]
    lines += [f"— {row['text']}: {row['count']} ({row['percent']:g} %)" for row in result.rows()]
    lines += ["", f"Всего проголосовало: {total.total}."]
    if result.channels:
        places = ", ".join([result.own.title.lower(), *(c.title for c in result.channels)])
        lines.append(f"Голоса собраны: {places}.")
    lines.append("Спасибо всем, кто высказал своё мнение!")
    return "\n".join(lines)


def draft_results_post(actor: User, poll: Poll) -> Post:
    """A draft in the plan, for the channels the poll went out to that take posts."""
    require_manage(actor)
    sources = Source.objects.filter(
        pk__in=poll.channels.values("source"), kind__in=PUBLISHABLE, is_active=True
    )
    return create_post(
        actor,
        title=f"Итоги опроса: {poll.question}"[:200],
        text=results_text(poll),
        publish_at=timezone.now() + LEAD,
        sources=list(sources),
    )
