"""Shared set-up for the Telegram tests: a source, its credentials and the recorded updates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.test import Client

from otklik.sources.models import Source, SourceCredential

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TOKEN = "7000000001:AAH-test-bot-token-must-never-be-logged"
WEBHOOK_SECRET = "s3cr3t-token_for-webhook"


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def make_source(name: str = "bot", base_url: str = "") -> Source:
    settings: dict[str, Any] = {"channel_id": "@city_adm"}
    if base_url:
        settings["base_url"] = base_url
    source = Source.objects.create(name=name, kind=Source.Kind.TELEGRAM, settings=settings)
    SourceCredential.objects.create(
        source=source, secrets={"token": TOKEN, "webhook_secret": WEBHOOK_SECRET}
    )
    return source


def post_update(
    client: Client, body: Any, name: str = "bot", secret: str | None = WEBHOOK_SECRET
) -> Any:
    data = body if isinstance(body, (bytes, str)) else json.dumps(body, ensure_ascii=False)
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return client.post(
        f"/hooks/telegram/{name}/", data=data, content_type="application/json", headers=headers
    )
