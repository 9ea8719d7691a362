from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone

from otklik.plan import actions
from otklik.plan.models import Post
from otklik.sources.models import Source, SourceCredential
from otklik.testing.base import BaseTestCase

PAST = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def vk_source(name: str = "vk-wall", base_url: str = "", **fields: Any) -> Source:
    settings: dict[str, Any] = {"group_id": 1}
    if base_url:
        settings["base_url"] = base_url
    source = Source.objects.create(name=name, kind=Source.Kind.VK, settings=settings, **fields)
    SourceCredential.objects.create(source=source, secrets={"token": "g", "user_token": "u"})
    return source


def tg_source(name: str = "tg-channel", base_url: str = "", **fields: Any) -> Source:
    settings: dict[str, Any] = {"channel_id": "@city_adm"}
    if base_url:
        settings["base_url"] = base_url
    source = Source.objects.create(
        name=name, kind=Source.Kind.TELEGRAM, settings=settings, **fields
    )
    SourceCredential.objects.create(source=source, secrets={"token": "123:ABC"})
    return source


class PlanTestCase(BaseTestCase):
    def post(
        self, sources: list[Source], text: str = "Ремонт дорог: итоги недели", **fields: Any
    ) -> Post:
        fields.setdefault("publish_at", PAST)
        return actions.create_post(self.moderator, text=text, sources=sources, **fields)

    def approved(self, sources: list[Source], **fields: Any) -> Post:
        post = self.post(sources, **fields)
        actions.approve(self.moderator, post)
        return post

    def future(self) -> datetime:
        return timezone.now() + timedelta(days=1)
