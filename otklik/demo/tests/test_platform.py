"""The demo's stand-in platform answers the real channel adapters over HTTP, as VK and Telegram
do."""

from __future__ import annotations

import urllib.request

import pytest
from django.core.management import call_command

from otklik.answers.links import reply_link
from otklik.demo import platform
from otklik.demo.platform import StandIn
from otklik.demo.seed import (
    SOURCES,
    connect_sources,
    corpus_rows,
    demo_threads,
    platform_row,
    seed,
)
from otklik.inbox.models import Thread
from otklik.sources.channels import adapter_for
from otklik.sources.http import AuthError, ChannelError, ManualOnly
from otklik.sources.models import Source
from otklik.sources.telegram.client import TelegramError
from otklik.sources.vk.client import VkApiError

WALL = f"wall-{platform.VK_GROUP_ID}_1001"
TG_POST = f"post{platform.TG_CHANNEL_ID}_302"


@pytest.fixture
def stand_in(tmp_path):
    server = StandIn(store=tmp_path / "platform.json")
    with server:
        server.add_threads("vk", [(WALL, "Отопительный сезон"), ("dialog577197661", "")])
        server.add_threads("telegram", [(TG_POST, "Вопрос — ответ"), ("chat132610859", "")])
        yield server


@pytest.fixture
def sources(db, stand_in):
    connect_sources(stand_in.url)
    return {s.kind: s for s in Source.objects.filter(name__in=[v[0] for v in SOURCES.values()])}


def test_vk_comment_goes_out_over_http_and_has_a_link(sources, stand_in) -> None:
    adapter = adapter_for(sources["vk"])
    external_id = adapter.publish_reply(WALL, "Ответ администрации", reply_to="vk-reply-0004")
    (call,) = stand_in.calls("wall.createComment")
    assert call.path == "/method/wall.createComment"
    assert external_id == f"comment-{platform.VK_GROUP_ID}_1001"
    link = reply_link("vk", sources["vk"].settings, external_id, WALL)
    assert link == f"{stand_in.url}vk/{WALL}?reply=1001"
    with urllib.request.urlopen(link) as page:
        assert "Ответ администрации" in page.read().decode()


def test_vk_refuses_a_post_that_is_not_there_and_a_wrong_token(sources) -> None:
    adapter = adapter_for(sources["vk"])
    with pytest.raises(VkApiError) as refused:
        adapter.publish_reply(f"wall-{platform.VK_GROUP_ID}_9999", "Ответ")
    assert refused.value.code == 100
    sources["vk"].credential.secrets["token"] = "stolen"
    sources["vk"].credential.save()
    with pytest.raises(AuthError):
        adapter_for(Source.objects.get(pk=sources["vk"].pk)).publish_reply(WALL, "Ответ")


def test_vk_dialog_and_guid_repeat(sources, stand_in) -> None:
    adapter = adapter_for(sources["vk"])
    first = adapter.publish_reply(WALL, "Ответ", guid="otklik-7")
    again = adapter.publish_reply(WALL, "Ответ", guid="otklik-7")
    assert first == again  # VK's guid: a repeated call does not post twice
    assert adapter.publish_reply("dialog577197661", "Ответ в личные").startswith("msg577197661_")
    with pytest.raises(VkApiError) as refused:
        adapter.publish_reply("dialog1", "Ответ")
    assert refused.value.code == 901


def test_telegram_reply_goes_out_and_unknown_chat_is_refused(sources, stand_in) -> None:
    adapter = adapter_for(sources["telegram"])
    external_id = adapter.publish_reply(TG_POST, "Ответ в канале")
    assert external_id.startswith(f"tg{platform.TG_CHANNEL_ID}_")
    link = reply_link("telegram", sources["telegram"].settings, external_id, TG_POST)
    with urllib.request.urlopen(link) as page:
        assert "Ответ в канале" in page.read().decode()
    with pytest.raises(TelegramError) as refused:
        adapter.publish_reply("chat42", "Ответ")
    assert refused.value.code == 400


def test_published_replies_survive_a_restart(tmp_path, sources, stand_in) -> None:
    adapter_for(sources["vk"]).publish_reply(WALL, "Ответ <script>alert(1)</script>")
    again = StandIn(store=tmp_path / "platform.json")
    with again:
        again.add_threads("vk", [(WALL, "")])
        again.attach_published()
        with urllib.request.urlopen(f"{again.url}vk/{WALL}") as page:
            text = page.read().decode()
    assert "&lt;script&gt;" in text and "<script>" not in text


def test_corpus_rows_get_the_threads_the_adapters_publish_into() -> None:
    rows = {r["external_id"]: platform_row(r) for r in corpus_rows()}
    assert rows["vk-reply-0004"]["thread"] == WALL
    assert rows["vk-direct-0001"]["thread"] == "dialog577197661"
    assert rows["tg-reply-0003"]["thread"] == TG_POST
    assert rows["tg-reply-0003"]["thread_url"] == "https://t.me/seversk_adm/302"
    assert rows["tg-direct-0002"]["thread"] == "chat132610859"
    assert rows["ok-comment-0010"]["thread"] == "topic71"
    assert rows["ok-direct-0056"]["thread"].startswith("chat:demo")


@pytest.mark.django_db
def test_every_demo_thread_exists_on_the_stand_in(tmp_path) -> None:
    call_command("loadcity", verbosity=0)
    seed()
    seed()  # idempotent: nothing new, the channels keep their settings
    vk, telegram = demo_threads("vk"), demo_threads("telegram")
    assert len(vk) > 30 and len(telegram) > 20
    server = StandIn(store=tmp_path / "p.json")
    assert server.add_threads("vk", vk) == len(vk)
    assert server.add_threads("telegram", telegram) == len(telegram)
    server.httpd.server_close()
    for source in Source.objects.filter(kind__in=["vk", "telegram", "ok"]):
        assert source.settings["base_url"].startswith("http://127.0.0.1:")  # never a platform


@pytest.mark.django_db
def test_an_old_demo_database_gets_the_platform_thread_ids(tmp_path) -> None:
    call_command("loadcity", verbosity=0)
    seed()
    Thread.objects.filter(external_id=WALL).update(external_id="vk-wall-1001")
    seed()
    assert Thread.objects.filter(external_id=WALL).exists()
    assert not Thread.objects.filter(external_id="vk-wall-1001").exists()


def test_ok_reply_goes_into_a_chat_and_a_discussion_is_manual(sources, stand_in) -> None:
    stand_in.add_threads("ok", [("topic71", "Обсуждение"), ("chat:demo5", "")])
    adapter = adapter_for(sources["ok"])
    with pytest.raises(ManualOnly):
        adapter.publish_reply("topic71", "Ответ в обсуждении")
    assert adapter.publish_reply("chat:demo5", "Ответ в чате").startswith("msgmid.")
    with pytest.raises(ChannelError):
        adapter.publish_reply("chat:demo999", "Ответ")
