"""The demo plan's posts with a picture: cards drawn at seed time, kept like uploads, and one
coming post published with its picture through the stand-in."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from otklik.accounts.models import User
from otklik.demo import plan_seed
from otklik.demo.platform import StandIn
from otklik.demo.seed import connect_sources, ensure_accounts, ensure_sources
from otklik.plan import actions
from otklik.plan.models import Post

pytestmark = pytest.mark.django_db


def test_three_posts_get_a_card_and_a_coming_one_goes_out_with_it(tmp_path) -> None:
    call_command("loadcity", verbosity=0)
    ensure_accounts()
    moderator, sources = User.objects.get(username="press"), ensure_sources()
    with StandIn(store=tmp_path / "platform.json") as server:
        connect_sources(server.url)
        plan_seed.seed_plan(moderator, sources)
        with_image = Post.objects.filter(external_id__startswith=plan_seed.PREFIX).exclude(image="")
        assert with_image.count() == len(plan_seed.WITH_IMAGE)
        for post in with_image:
            data = (Path(settings.MEDIA_ROOT) / post.image).read_bytes()
            with Image.open(io.BytesIO(data)) as card:
                assert (card.format, card.size) == ("JPEG", plan_seed.CARD)
        coming = with_image.filter(publish_at__gt=timezone.now()).order_by("publish_at").first()
        if coming.state != Post.State.APPROVED:
            actions.approve(moderator, coming)
        Post.objects.filter(pk=coming.pk).update(publish_at=timezone.now())
        assert actions.publish_due() == coming.channels.count()
        for channel in coming.channels.select_related("source"):
            channel.refresh_from_db()
            assert channel.state == "published", channel.reason
            number = int(channel.external_id.rsplit("_", 1)[-1].removeprefix("topic"))
            assert server.post(channel.source.kind, number)["image"]["content_type"] == "image/jpeg"
