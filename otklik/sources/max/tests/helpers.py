"""Shared set-up for the MAX tests: a source, its credentials and the recorded updates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.test import Client

from otklik.sources.max.views import SECRET_HEADER
from otklik.sources.models import Source, SourceCredential

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TOKEN = "max-test-bot-token-must-never-be-logged"
WEBHOOK_SECRET = "max-webhook-secret-123"


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def make_source(name: str = "maxbot", base_url: str = "") -> Source:
    settings: dict[str, Any] = {"base_url": base_url} if base_url else {}
    source = Source.objects.create(name=name, kind=Source.Kind.MAX, settings=settings)
    SourceCredential.objects.create(
        source=source, secrets={"token": TOKEN, "webhook_secret": WEBHOOK_SECRET}
    )
    return source


def post_update(
    client: Client, body: Any, name: str = "maxbot", secret: str | None = WEBHOOK_SECRET
) -> Any:
    data = body if isinstance(body, (bytes, str)) else json.dumps(body, ensure_ascii=False)
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    return client.post(
        f"/hooks/max/{name}/", data=data, content_type="application/json", headers=headers
    )
