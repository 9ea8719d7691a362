"""A send with no idempotency key is retried only when the platform surely did not act on it."""

from __future__ import annotations

import socket

import pytest

from otklik.sources.http import ChannelError, Uncertain
from otklik.sources.localserver import LocalServer
from otklik.sources.max.client import MaxClient
from otklik.sources.ok.client import OkGraphClient
from otklik.sources.platform_errors import explain
from otklik.sources.telegram.client import TelegramClient

TOKEN = "123456:uncertain-test-token"
SENT = {"ok": True, "result": {"message_id": 7, "chat": {"id": 1}}}


@pytest.fixture
def server():
    with LocalServer() as local:
        yield local


def telegram(url: str, slept: list[float]) -> TelegramClient:
    return TelegramClient(TOKEN, url, sleep=slept.append, rate=1000)


@pytest.mark.parametrize("status", [500, 502, 504])
def test_a_5xx_after_a_send_is_uncertain_and_not_resent(server, status) -> None:
    server.reply("sendMessage", status, {"ok": False, "description": "Bad Gateway"})
    with pytest.raises(Uncertain):
        telegram(server.url, []).send_message(1, "Ответ")
    assert len(server.calls("sendMessage")) == 1


def test_a_5xx_on_a_read_is_still_retried(server) -> None:
    server.reply("getMe", 502, {"ok": False, "description": "Bad Gateway"})
    server.reply("getMe", 200, {"ok": True, "result": {"id": 1, "username": "city_bot"}})
    slept: list[float] = []
    assert telegram(server.url, slept).get_me()["username"] == "city_bot"
    assert len(server.calls("getMe")) == 2 and len(slept) == 1


def test_a_timeout_after_a_send_is_uncertain(server) -> None:
    server.reply("sendMessage", 200, SENT, delay=1.0)
    client = telegram(server.url, [])
    client.timeout = 0.2
    with pytest.raises(Uncertain) as raised:
        client.send_message(1, "Ответ")
    assert len(server.calls("sendMessage")) == 1
    assert TOKEN not in str(raised.value)


def test_a_rate_limit_answer_is_retried_because_nothing_was_sent(server) -> None:
    limited = {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1",
               "parameters": {"retry_after": 1}}  # fmt: skip
    server.reply("sendMessage", 429, limited)
    server.reply("sendMessage", 200, SENT)
    slept: list[float] = []
    assert telegram(server.url, slept).send_message(1, "Ответ")["message_id"] == 7
    assert len(server.calls("sendMessage")) == 2 and slept == [1.0]


def test_a_refused_connection_is_retried_because_nothing_was_sent() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    slept: list[float] = []
    client = telegram(f"http://127.0.0.1:{port}/", slept)
    with pytest.raises(ChannelError) as raised:
        client.send_message(1, "Ответ")
    assert not isinstance(raised.value, Uncertain)
    assert len(slept) == client.max_attempts - 1


def test_max_and_ok_chat_sends_are_not_idempotent(server) -> None:
    server.reply("messages", 502, b"<html>Bad Gateway</html>")
    with pytest.raises(Uncertain):
        MaxClient("max-token", server.url, sleep=lambda _: None).send_message("Ответ", chat_id=5)
    server.reply("chat:C1", 503, b"<html>Unavailable</html>")
    with pytest.raises(Uncertain):
        OkGraphClient("ok-bot", server.url, sleep=lambda _: None).send_message("chat:C1", "Ответ")
    assert len(server.calls("messages")) == 1 and len(server.calls("chat:C1")) == 1


def test_the_press_service_is_asked_to_check_not_told_it_will_repeat() -> None:
    why = explain(
        Uncertain("telegram POST bot***/sendMessage: HTTP 502 после отправки"), "telegram"
    )
    assert not why.retry
    assert why.code == "telegram:uncertain"
    assert "могло уже выйти" in why.text and "Повторить" in why.text
