"""Shared set-up for the polls tests: a poll running now, the channels, the recorded answers."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from otklik.polls import actions
from otklik.polls.models import Poll
from otklik.sources.models import Source, SourceCredential
from otklik.testing.base import BaseTestCase

FIXTURES = Path(__file__).resolve().parent / "fixtures"
OPTIONS = ["У школы № 80", "В сквере на Победы", "Во дворе на Курчатова"]
QUESTION = "Где поставить новую детскую площадку?"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def tg_source(name: str = "tg-channel", base_url: str = "") -> Source:
    settings: dict[str, Any] = {"channel_id": "@city_adm"}
    if base_url:
        settings["base_url"] = base_url
    source = Source.objects.create(name=name, kind=Source.Kind.TELEGRAM, settings=settings)
    SourceCredential.objects.create(
        source=source, secrets={"token": "7000000001:AAH-test", "webhook_secret": "s3cr3t"}
    )
    return source


def vk_source(name: str = "vk-wall", base_url: str = "", user_token: bool = True) -> Source:
    settings: dict[str, Any] = {"group_id": 1}
    if base_url:
        settings["base_url"] = base_url
    source = Source.objects.create(name=name, kind=Source.Kind.VK, settings=settings)
    secrets = {"token": "g", "user_token": "u"} if user_token else {"token": "g"}
    SourceCredential.objects.create(source=source, secrets=secrets)
    return source


class PollsTestCase(BaseTestCase):
    def poll(self, open_now: bool = True, **fields: Any) -> Poll:
        now = timezone.now()
        values: dict[str, Any] = {
            "question": QUESTION,
            "options": OPTIONS,
            "starts_at": now - timedelta(days=1),
            "ends_at": now + timedelta(days=6),
        }
        values.update(fields)
        poll = actions.create_poll(self.moderator, **values)
        if open_now:
            actions.open_poll(self.moderator, poll)
        return poll

    def vote(self, poll: Poll, index: int, token: str, territory: Any = None) -> None:
        option = poll.options.order_by("position")[index]
        actions.cast_vote(poll, option, token, territory)
