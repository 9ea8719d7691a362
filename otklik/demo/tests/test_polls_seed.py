"""The demo's polls and initiatives: a running poll, a closed one, initiatives in every state."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from otklik.demo.polls_seed import seed_polls
from otklik.demo.seed import ensure_accounts, ensure_sources
from otklik.polls.models import ChannelCount, Initiative, Poll, Support, Vote
from otklik.polls.results import results

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    models = (Poll, Vote, ChannelCount, Initiative, Support)
    return tuple(model.objects.count() for model in models)


def test_polls_and_initiatives_seeded_once() -> None:
    call_command("loadcity", verbosity=0)
    ensure_accounts()
    ensure_sources()
    seed_polls()
    first = counts()
    seed_polls()
    assert counts() == first  # a second run creates nothing

    running = Poll.objects.get(state=Poll.State.OPEN)
    found = results(running)
    assert len(found.territories) >= 4 and found.channels and found.channels[0].total > 0
    closed = Poll.objects.get(state=Poll.State.CLOSED)
    assert results(closed).total.total > 0 and closed.closed_at is not None
    states = set(Initiative.objects.values_list("state", flat=True))
    assert states == {"proposed", "under_review", "accepted", "declined", "done"}
    assert Initiative.objects.filter(state="declined").exclude(decline_reason="").count() == 1
    assert Support.objects.count() > 0
