"""Shared set-up for the VK tests: a source, its credentials and the recorded payloads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.test import Client

from otklik.sources.models import Source, SourceCredential

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SECRET = "aaQ13axAPQEcczQa"
CONFIRMATION = "3d7f21a9"
TOKEN = "vk1.a.test-community-token-must-never-be-logged"


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def make_source(name: str = "city", base_url: str = "") -> Source:
    settings: dict[str, Any] = {"group_id": 1}
    if base_url:
        settings["base_url"] = base_url
    source = Source.objects.create(name=name, kind=Source.Kind.VK, settings=settings)
    SourceCredential.objects.create(
        source=source,
        secrets={"secret": SECRET, "confirmation": CONFIRMATION, "token": TOKEN},
    )
    return source


def post_event(client: Client, body: Any, name: str = "city") -> Any:
    data = body if isinstance(body, (bytes, str)) else json.dumps(body, ensure_ascii=False)
    return client.post(f"/hooks/vk/{name}/", data=data, content_type="application/json")
