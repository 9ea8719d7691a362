"""The stand-in takes the content plan's posts as VK, Telegram and OK do, and answers the
statistics methods with the platforms' shapes."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from typing import Any

import pytest

from otklik.demo import platform
from otklik.demo.platform import StandIn
from otklik.demo.seed import SOURCES, connect_sources
from otklik.sources.channels import adapter_for
from otklik.sources.models import Source

GROUP = platform.VK_GROUP_ID


@pytest.fixture
def stand_in(tmp_path):
    with StandIn(store=tmp_path / "platform.json") as server:
        yield server


@pytest.fixture
def sources(db, stand_in):
    connect_sources(stand_in.url)
    return {s.kind: s for s in Source.objects.filter(name__in=[v[0] for v in SOURCES.values()])}


def vk(server: StandIn, method: str, token: str = platform.VK_TOKEN, **params: Any) -> Any:
    form = urllib.parse.urlencode({**params, "access_token": token, "v": "5.199"}).encode()
    with urllib.request.urlopen(server.url + "method/" + method, form) as reply:
        return json.loads(reply.read())


def test_vk_wall_post_with_a_guid_posts_once(sources, stand_in) -> None:
    adapter = adapter_for(sources["vk"])
    first = adapter.publish_post("Ремонт дорог: итоги недели", guid="otklik-post-7")
    again = adapter.publish_post("Ремонт дорог: итоги недели", guid="otklik-post-7")
    assert first == again and first.startswith(f"wall-{GROUP}_")
    (call, _) = stand_in.calls("wall.post")
    sent = dict(urllib.parse.parse_qsl(call.body.decode()))
    assert (sent["owner_id"], sent["from_group"], sent["guid"]) == (
        f"-{GROUP}",
        "1",
        "otklik-post-7",
    )
    assert adapter.publish_post("Другой пост", guid="otklik-post-8") != first
    refused = vk(stand_in, "wall.post", owner_id=-GROUP, message="Т")  # the community's token
    assert refused["error"]["error_code"] == 27


def test_vk_wall_get_by_id_and_members_have_the_api_shape(stand_in) -> None:
    made = vk(stand_in, "wall.post", platform.VK_USER_TOKEN, owner_id=-GROUP, message="Пост")
    number = made["response"]["post_id"]
    answer = vk(stand_in, "wall.getById", posts=f"-{GROUP}_{number},-{GROUP}_999999")
    (item,) = answer["response"]["items"]
    assert (item["id"], item["owner_id"], item["text"]) == (number, -GROUP, "Пост")
    for key in ("views", "likes", "reposts", "comments"):
        assert isinstance(item[key]["count"], int)
    group = vk(stand_in, "groups.getById", group_id=GROUP, fields="members_count")
    assert group["response"]["groups"][0]["members_count"] > 10_000
    reach = vk(stand_in, "stats.getPostReach", platform.VK_USER_TOKEN, owner_id=-GROUP,
               post_ids=str(number))  # fmt: skip
    assert reach["response"][0]["post_id"] == number


def test_telegram_channel_post_and_member_count(sources, stand_in) -> None:
    sent = adapter_for(sources["telegram"]).publish_post("Прививка от гриппа — бесплатно")
    assert sent.startswith(f"tg{platform.TG_CHANNEL_ID}_")
    number = sent.rsplit("_", 1)[-1]
    base = f"{stand_in.url}bot{platform.TG_TOKEN}/"
    body = json.dumps({"chat_id": f"@{platform.TG_CHANNEL}", "text": "По имени канала"}).encode()
    request = urllib.request.Request(
        base + "sendMessage", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request) as reply:
        assert json.loads(reply.read())["result"]["chat"]["type"] == "channel"
    body = json.dumps({"chat_id": platform.TG_CHANNEL_ID}).encode()
    request = urllib.request.Request(base + "getChatMemberCount", body,
                                     {"Content-Type": "application/json"})  # fmt: skip
    with urllib.request.urlopen(request) as reply:
        assert json.loads(reply.read())["result"] > 1000
    page = f"{stand_in.url}tg/c/{str(platform.TG_CHANNEL_ID)[4:]}/{number}"
    with urllib.request.urlopen(page) as reply:
        assert "Прививка от гриппа" in reply.read().decode()


def test_ok_topic_and_counters(sources, stand_in) -> None:
    topic = adapter_for(sources["ok"]).publish_post("ТОР «Северск»: новый резидент")
    assert topic.startswith("topic") and topic[5:].isdigit()
    page = f"{stand_in.url}ok/group/{platform.OK_GROUP_ID}/topic/{topic[5:]}"
    with urllib.request.urlopen(page) as reply:
        assert "новый резидент" in reply.read().decode()
    form = urllib.parse.urlencode({"method": "group.getCounters", "group_id": platform.OK_GROUP_ID,
                                   "counterTypes": "MEMBERS",
                                   "access_token": platform.OK_TOKEN}).encode()  # fmt: skip
    with urllib.request.urlopen(stand_in.url + "api/group/getCounters", form) as reply:
        assert json.loads(reply.read())["counters"]["members"] > 1000


def test_posts_survive_a_restart(tmp_path) -> None:
    with StandIn(store=tmp_path / "p.json") as first:
        number = first._post("vk", "Пост", "wall:g-1")
    with StandIn(store=tmp_path / "p.json") as second:
        assert second.post("vk", number)["text"] == "Пост"
        assert second._post("vk", "Пост", "wall:g-1") == number
