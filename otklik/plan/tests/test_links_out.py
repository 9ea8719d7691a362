"""A published post's link, as a table of (platform, settings, id) → address."""

from __future__ import annotations

import pytest

from otklik.plan.links_out import post_link

STAND_IN = "http://127.0.0.1:8765"


@pytest.mark.parametrize(
    ("kind", "settings", "external_id", "expected"),
    [
        ("vk", {}, "wall-12345_678", "https://vk.com/wall-12345_678"),
        ("vk", {"web_url": STAND_IN + "/vk/"}, "wall-1_2", STAND_IN + "/vk/wall-1_2"),
        ("vk", {}, "comment-1_2", ""),
        ("telegram", {"channel_id": "@seversk_adm"}, "tg-1001234_55", "https://t.me/seversk_adm/55"),
        ("telegram", {"channel_id": "-1001234"}, "tg-1001234_55", "https://t.me/c/1234/55"),
        ("telegram", {"channel_id": "-1001234", "web_url": STAND_IN + "/tg"}, "tg-1001234_5",
         STAND_IN + "/tg/c/1234/5"),
        ("telegram", {"channel_id": "777"}, "tg777_5", ""),  # a private chat has no address
        ("ok", {"group_id": "5500"}, "topic71", "https://ok.ru/group/5500/topic/71"),
        ("ok", {}, "topic71", ""),
        ("max", {"channel_id": "-70"}, "mid.abc", ""),
        ("vk", {"web_url": "javascript:alert(1)//"}, "wall-1_2", ""),
    ],
)  # fmt: skip
def test_post_link(kind: str, settings: dict, external_id: str, expected: str) -> None:
    assert post_link(kind, settings, external_id) == expected
