"""The demo's month of content plan: past posts out on the stand-in, coming ones waiting."""

from __future__ import annotations

import urllib.request
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from otklik.accounts.models import User
from otklik.demo import plan_seed
from otklik.demo.platform import StandIn
from otklik.demo.seed import connect_sources, ensure_accounts, ensure_sources
from otklik.plan.models import (
    ChannelNorm,
    Post,
    PostChannel,
    PostEvent,
    PostMetric,
    SubscriberCount,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("loadcity", verbosity=0)
    ensure_accounts()
    return User.objects.get(username="press"), ensure_sources()


def test_a_month_of_plan_past_and_coming_and_a_second_run_adds_nothing(demo) -> None:
    moderator, sources = demo
    first = plan_seed.seed_plan(moderator, sources)
    now = timezone.now()
    posts = Post.objects.filter(external_id__startswith=plan_seed.PREFIX)
    past, coming = posts.filter(publish_at__lte=now), posts.filter(publish_at__gt=now)
    assert first["plan_posts_new"] == posts.count()
    assert 2 * 21 <= past.count() <= 3 * 22
    assert 2 * 13 <= coming.count() <= 3 * 15
    assert set(past.values_list("state", flat=True)) <= {"published", "partly_failed"}
    assert past.filter(state="partly_failed").exists()
    assert {"approved", "on_approval", "draft"} <= set(coming.values_list("state", flat=True))
    assert posts.filter(campaign__slug="bkd").exists()
    assert all(200 <= len(p.text) <= 900 for p in posts)
    failed = PostChannel.objects.filter(state="failed")
    assert failed.exists() and all(c.reason for c in failed)
    vk = PostChannel.objects.filter(state="published", source__kind="vk").first()
    assert vk.external_id.startswith("wall-") and vk.published_at
    assert PostMetric.objects.filter(channel__source__kind="vk", reach__gt=0).exists()
    old = PostMetric.objects.filter(channel=vk).order_by("taken_at")
    assert [m.views for m in old] == sorted(m.views for m in old)  # views only grow
    tg = PostChannel.objects.filter(state="published", source__kind="telegram").first()
    assert not tg.metrics.exists() and "не отдаёт ботам" in tg.metrics_note
    assert PostEvent.objects.filter(kind="published", post=vk.post).exists()
    assert ChannelNorm.objects.count() == 3
    assert SubscriberCount.objects.filter(source=sources["vk"]).count() == 30
    counts = list(
        SubscriberCount.objects.filter(source=sources["vk"]).values_list("count", flat=True)
    )
    assert counts[-1] > counts[0]
    totals = (Post.objects.count(), PostChannel.objects.count(), PostEvent.objects.count(),
              PostMetric.objects.count(), SubscriberCount.objects.count())  # fmt: skip
    assert plan_seed.seed_plan(moderator, sources) == {"plan_posts_new": 0}
    assert totals == (Post.objects.count(), PostChannel.objects.count(),
                      PostEvent.objects.count(), PostMetric.objects.count(),
                      SubscriberCount.objects.count())  # fmt: skip


def test_the_stand_in_shows_a_seeded_post_at_its_link(demo, tmp_path) -> None:
    moderator, sources = demo
    plan_seed.seed_plan(moderator, sources)
    with StandIn(store=tmp_path / "platform.json") as server:
        connect_sources(server.url)
        assert plan_seed.attach(server) > 0
        channel = PostChannel.objects.filter(state="published", source__kind="vk").first()
        assert channel.url.startswith(server.url + "vk/wall-")
        with urllib.request.urlopen(channel.url) as page:
            assert channel.post.text[:40] in page.read().decode()
        ok = PostChannel.objects.filter(state="published", source__kind="ok").first()
        with urllib.request.urlopen(ok.url) as page:
            assert "Просмотров" in page.read().decode()


def test_a_coming_approved_post_is_published_by_the_worker_on_the_stand_in(demo, tmp_path):
    from otklik.plan.actions import publish_due

    moderator, sources = demo
    plan_seed.seed_plan(moderator, sources)
    post = Post.objects.filter(state="approved").order_by("publish_at").first()
    Post.objects.filter(pk=post.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    with StandIn(store=tmp_path / "platform.json") as server:
        connect_sources(server.url)
        assert publish_due() >= post.channels.count()
        post.refresh_from_db()
        assert post.state == "published"
        vk = post.channels.get(source__kind="vk")
        assert vk.external_id.startswith("wall-")
        (call,) = server.calls("wall.post")
        assert call.path == "/method/wall.post"
