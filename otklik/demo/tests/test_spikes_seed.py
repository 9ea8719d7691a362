"""The demo's spike alert: a burst of reports found by the real detector, once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from otklik.analytics.models import Spike
from otklik.demo import spikes_seed
from otklik.demo.seed import seed
from otklik.inbox.models import Message
from otklik.incidents.models import Incident
from otklik.notify.models import Notification
from otklik.plan.models import Post

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    models = (Spike, Message, Incident, Post, Notification)
    return tuple(model.objects.count() for model in models)


def test_the_burst_becomes_one_spike_with_a_post_and_a_notice_once() -> None:
    call_command("loadcity", verbosity=0)
    seed()  # the demo's seed runs seed_spikes() last
    first = counts()
    spikes_seed.seed_spikes()
    seed()
    assert counts() == first  # a second run creates nothing

    burst = spikes_seed.burst_messages()
    assert len(burst) == len(spikes_seed.BURST)
    assert {m.source.name for m in burst} == {"vk-seversk", "tg-seversk"}
    assert len({m.incident_id for m in burst}) == 1
    incident = burst[0].incident
    assert (incident.category.code, incident.territory.code) == ("zhkh-hot-water", "north")

    spike = Spike.objects.get(series_key=f"c{incident.category_id}:t{incident.territory_id}")
    assert Spike.objects.count() == 1  # nothing else in the demo's traffic is flagged
    assert set(spike.messages.all()) == set(burst)
    assert spike.observed == len(burst) and spike.expected < 1
    assert spike.post.state == Post.State.DRAFT
    assert spike.post.text.startswith("В связи с обращениями жителей по теме «Горячая вода»")
    notice = Notification.objects.get(
        kind=Notification.Kind.SPIKE, dedupe_key__startswith=f"spike:{spike.pk}:"
    )
    assert notice.user.username == "press" and notice.status == Notification.Status.PENDING
    assert "Горячая вода — Северная часть" in notice.subject
