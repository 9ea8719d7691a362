"""The stand-in takes a content-plan post's image through each platform's upload flow, and
its post page marks the image."""

from __future__ import annotations

import urllib.request

import pytest

from otklik.demo import platform
from otklik.demo.platform import StandIn
from otklik.demo.seed import SOURCES, connect_sources
from otklik.sources.channels import adapter_for
from otklik.sources.http import ChannelError
from otklik.sources.models import Source
from otklik.sources.tests.images import picture


@pytest.fixture
def stand_in(tmp_path):
    with StandIn(store=tmp_path / "platform.json") as server:
        yield server


@pytest.fixture
def sources(db, stand_in):
    connect_sources(stand_in.url)
    return {s.kind: s for s in Source.objects.filter(name__in=[v[0] for v in SOURCES.values()])}


def page(url: str) -> str:
    with urllib.request.urlopen(url) as reply:
        return reply.read().decode()


@pytest.mark.parametrize("kind", ["vk", "telegram", "ok"])
def test_an_image_post_is_published_and_its_page_marks_the_image(sources, stand_in, kind) -> None:
    image = picture((120, 80))
    external = adapter_for(sources[kind]).publish_post("Новость с фото", "otklik-post-9", image)
    number = int(external.rsplit("_", 1)[-1].removeprefix("topic"))
    post = stand_in.post(kind, number)
    assert post is not None and post["image"]["size"] == len(image.data)
    assert post["image"]["content_type"] == "image/jpeg"
    links = {
        "vk": f"vk/wall-{platform.VK_GROUP_ID}_{number}",
        "telegram": f"tg/c/{str(platform.TG_CHANNEL_ID).removeprefix('-100')}/{number}",
        "ok": f"ok/group/{platform.OK_GROUP_ID}/topic/{number}",
    }
    shown = page(stand_in.url + links[kind])
    assert "[изображение: JPEG, 1 КБ]" in shown and "Новость с фото" in shown


def test_telegram_refuses_a_caption_over_1024_characters(sources) -> None:
    with pytest.raises(ChannelError, match="caption is too long"):
        adapter_for(sources["telegram"]).publish_post("я" * 1100, image=picture())


def test_ok_refuses_a_photo_token_it_never_gave(sources) -> None:
    client = adapter_for(sources["ok"]).client()
    with pytest.raises(ChannelError, match="invalid photo token"):
        client.post_topic(platform.OK_GROUP_ID, "Пост", photo_token="forged")
