"""Shared set-up for the Odnoklassniki tests: a source, its credentials, recorded payloads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from otklik.sources.models import Source, SourceCredential

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ACCESS_TOKEN = "tkn1-ok-access-token-must-never-be-logged"
SECRET_KEY = "ok-app-secret-key-never-logged"
BOT_TOKEN = "tkn2-ok-bot-token-never-logged"
WEBHOOK_SECRET = "ok-hook-s3cret"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def make_source(name: str = "ok-city", base_url: str = "") -> Source:
    settings: dict[str, Any] = {
        "group_id": "70000001234567",
        "application_key": "CBAFJIICABABABABA",
    }
    if base_url:
        settings["base_url"] = base_url
    source = Source.objects.create(name=name, kind=Source.Kind.OK, settings=settings)
    SourceCredential.objects.create(
        source=source,
        secrets={"access_token": ACCESS_TOKEN, "secret_key": SECRET_KEY, "bot_token": BOT_TOKEN,
                 "webhook_secret": WEBHOOK_SECRET},
    )  # fmt: skip
    return source
